import { Hono } from 'hono';
import { z } from 'zod';
import { requireMember, requireRole } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { compileOrReject, STARTER_POLICY } from '../policy-text.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';
import {
  ENVIRONMENTS,
  type ApiKey,
  type OrgRepos,
  type PolicyVersion,
  type Project,
} from '../../store/index.js';

const name = z.string().trim().min(1).max(100);
const CreateProject = z.object({ name, environment: z.enum(ENVIRONMENTS).default('dev') });
const PatchProject = z
  .object({ name: name.optional(), environment: z.enum(ENVIRONMENTS).optional() })
  .refine((b) => b.name !== undefined || b.environment !== undefined, {
    message: 'give `name` or `environment`',
  });
const PutPolicy = z.object({
  yaml: z
    .string()
    .min(1)
    .max(256 * 1024),
  comment: z.string().max(500).optional(),
});
const Rollback = z.object({ version: z.number().int().min(1) });
const CreateKey = z.object({ name });

export const projectJson = (p: Project) => ({
  id: p.id,
  name: p.name,
  environment: p.environment,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

const policyJson = (v: PolicyVersion) => ({
  project_id: v.projectId,
  version: v.version,
  yaml: v.yaml,
  author_id: v.authorId,
  comment: v.comment,
  created_at: v.createdAt.toISOString(),
});

const keyJson = (k: ApiKey) => ({
  id: k.id,
  project_id: k.projectId,
  name: k.name,
  prefix: k.prefix,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

async function projectOr404(org: OrgRepos, id: string): Promise<Project> {
  const project = await org.projects.get(id);
  if (!project) throw new ApiError(404, 'not_found', `project \`${id}\` not found`);
  return project;
}

/** Projects, their policies (every version kept) and their API keys. */
export function projectRoutes(deps: Deps) {
  const member = requireMember(deps);
  return (
    new Hono<MemberEnv>()
      .use(member)
      .get('/', async (c) => c.json({ items: (await c.get('org').projects.list()).map(projectJson) }))
      .post('/', requireRole('admin'), async (c) => {
        const body = await readBody(c, CreateProject);
        const org = c.get('org');
        const plan = await org.billing.plan();
        if (plan.maxProjects !== null && (await org.projects.count()) >= plan.maxProjects)
          throw new ApiError(
            402,
            'plan_limit',
            `the ${plan.name} plan allows ${plan.maxProjects} project${plan.maxProjects === 1 ? '' : 's'}; upgrade to add more`,
            { limit: 'projects', plan: plan.id, max: plan.maxProjects },
          );
        const project = await org.projects.create(body);
        await org.policies.save(project.id, {
          yaml: STARTER_POLICY,
          authorId: c.get('userId'),
          comment: 'starter policy',
        });
        return c.json(projectJson(project), 201);
      })
      .get('/:id', async (c) => c.json(projectJson(await projectOr404(c.get('org'), c.req.param('id')))))
      .patch('/:id', requireRole('admin'), async (c) => {
        const body = await readBody(c, PatchProject);
        const project = await c.get('org').projects.update(c.req.param('id'), body);
        if (!project) throw new ApiError(404, 'not_found', `project \`${c.req.param('id')}\` not found`);
        return c.json(projectJson(project));
      })
      .delete('/:id', requireRole('admin'), async (c) => {
        if (!(await c.get('org').projects.delete(c.req.param('id'))))
          throw new ApiError(404, 'not_found', `project \`${c.req.param('id')}\` not found`);
        return c.body(null, 204);
      })

      // The live policy is the newest version; every save is a new version, never an edit.
      .get('/:id/policy', async (c) => {
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const latest = await c.get('org').policies.latest(project.id);
        if (!latest) throw new ApiError(404, 'not_found', 'this project has no policy yet');
        return c.json(policyJson(latest));
      })
      .put('/:id/policy', requireRole('member'), async (c) => {
        const body = await readBody(c, PutPolicy);
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const { warnings } = compileOrReject(body.yaml);
        const saved = await c.get('org').policies.save(project.id, {
          yaml: body.yaml,
          authorId: c.get('userId'),
          comment: body.comment ?? null,
        });
        deps.bus.emit('policy', { orgId: c.get('orgId'), projectId: project.id, version: saved.version });
        return c.json({
          ...policyJson(saved),
          warnings: warnings.map((w) => ({ message: w.message, field: w.path, line: w.line ?? null })),
        });
      })
      .get('/:id/policy/versions', async (c) => {
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const versions = await c.get('org').policies.history(project.id);
        return c.json({ items: versions.map(policyJson) });
      })
      .post('/:id/policy/rollback', requireRole('member'), async (c) => {
        const { version } = await readBody(c, Rollback);
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const saved = await c.get('org').policies.rollback(project.id, version, c.get('userId'));
        deps.bus.emit('policy', { orgId: c.get('orgId'), projectId: project.id, version: saved.version });
        return c.json(policyJson(saved));
      })

      // A key belongs to one project; its plain text is shown once, at creation.
      .get('/:id/keys', requireRole('admin'), async (c) => {
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        return c.json({ items: (await c.get('org').apiKeys.list(project.id)).map(keyJson) });
      })
      .post('/:id/keys', requireRole('admin'), async (c) => {
        const body = await readBody(c, CreateKey);
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const { key, apiKey } = await c
          .get('org')
          .apiKeys.create(project.id, { name: body.name, createdBy: c.get('userId') });
        return c.json({ ...keyJson(apiKey), key }, 201);
      })
      .delete('/:id/keys/:keyId', requireRole('admin'), async (c) => {
        const project = await projectOr404(c.get('org'), c.req.param('id'));
        const key = await c.get('org').apiKeys.get(c.req.param('keyId'));
        if (!key || key.projectId !== project.id)
          throw new ApiError(404, 'not_found', `key \`${c.req.param('keyId')}\` not found`);
        await c.get('org').apiKeys.revoke(key.id);
        return c.body(null, 204);
      })
  );
}

const user = { auth: 'user', tag: 'projects' } as const;
export const projectDocs: RouteDoc[] = [
  {
    ...user,
    method: 'GET',
    path: '/projects',
    summary: 'List the projects',
    responses: { 200: '`{items}`' },
  },
  {
    ...user,
    method: 'POST',
    path: '/projects',
    role: 'admin',
    summary: 'Create a project (it starts with the starter policy as version 1)',
    body: CreateProject,
    responses: { 201: 'the project', 402: "the plan's project limit is reached", 422: 'invalid body' },
  },
  {
    ...user,
    method: 'GET',
    path: '/projects/:id',
    summary: 'One project',
    responses: { 200: 'the project', 404: 'no such project' },
  },
  {
    ...user,
    method: 'PATCH',
    path: '/projects/:id',
    role: 'admin',
    summary: 'Rename a project or change its environment',
    body: PatchProject,
    responses: { 200: 'the project', 404: 'no such project', 422: 'invalid body' },
  },
  {
    ...user,
    method: 'DELETE',
    path: '/projects/:id',
    role: 'admin',
    summary: 'Delete a project with its policies and keys (its audit events stay)',
    responses: { 204: 'deleted', 404: 'no such project' },
  },
  {
    ...user,
    method: 'GET',
    path: '/projects/:id/policy',
    summary: "The project's live policy (its newest version)",
    responses: { 200: '`{version, yaml, author_id, created_at...}`', 404: 'no such project' },
  },
  {
    ...user,
    method: 'PUT',
    path: '/projects/:id/policy',
    role: 'member',
    summary: 'Save a new policy version',
    body: PutPolicy,
    responses: {
      200: 'the saved version, with warnings',
      404: 'no such project',
      422: 'the policy does not compile: `line`, `column`, `field`, `reason`, every error under `details`',
    },
  },
  {
    ...user,
    method: 'GET',
    path: '/projects/:id/policy/versions',
    summary: "Every saved version of the project's policy, newest first",
    responses: { 200: '`{items}`', 404: 'no such project' },
  },
  {
    ...user,
    method: 'POST',
    path: '/projects/:id/policy/rollback',
    role: 'member',
    summary: 'Save an old version again as the newest',
    body: Rollback,
    responses: { 200: 'the new version', 404: 'no such project or version' },
  },
  {
    ...user,
    method: 'GET',
    path: '/projects/:id/keys',
    role: 'admin',
    summary: "The project's API keys (prefix only), revoked ones included",
    responses: { 200: '`{items}`', 404: 'no such project' },
  },
  {
    ...user,
    method: 'POST',
    path: '/projects/:id/keys',
    role: 'admin',
    summary: 'Create an API key; the answer is the only time `key` is shown',
    body: CreateKey,
    responses: { 201: '`{id, key, prefix...}`', 404: 'no such project' },
  },
  {
    ...user,
    method: 'DELETE',
    path: '/projects/:id/keys/:keyId',
    role: 'admin',
    summary: 'Revoke a key for good',
    responses: { 204: 'revoked', 404: 'no such project or key' },
  },
];
