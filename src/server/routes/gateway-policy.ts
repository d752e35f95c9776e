import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireKey } from '../auth/require-key.js';
import { hashApiKey } from '../../store/index.js';
import type { Deps, KeyEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { pushPolicies } from '../policy-push.js';
import type { RouteDoc } from '../route-docs.js';

/** `"3"`, `W/"3"`, `3`, or a list of them, against the version the ETag names. */
function matchesVersion(ifNoneMatch: string | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .some((tag) => tag === '*' || tag === String(version));
}

/** What gateways read with their project's API key: the live policy, once or as a stream of versions. */
export function gatewayPolicyRoutes(deps: Deps) {
  return new Hono<KeyEnv>()
    .use(requireKey(deps))
    .get('/', async (c) => {
      const latest = await c.get('org').policies.latest(c.get('projectId'));
      if (!latest) throw new ApiError(404, 'not_found', "this key's project has no policy yet");
      c.header('ETag', `"${latest.version}"`);
      c.header('Cache-Control', 'no-cache');
      if (matchesVersion(c.req.header('if-none-match'), latest.version)) return c.body(null, 304);
      return c.json({
        project_id: latest.projectId,
        version: latest.version,
        yaml: latest.yaml,
        created_at: latest.createdAt.toISOString(),
      });
    })
    .get('/stream', (c) => {
      // A key revoked while its stream is open stops getting policies at the next re-check.
      const keyHash = hashApiKey(c.req.header('x-api-key')!);
      return streamSSE(c, (stream) =>
        pushPolicies(stream, {
          bus: deps.bus,
          org: c.get('org'),
          projectId: c.get('projectId'),
          stillAllowed: async () => (await deps.store.findApiKeyByHash(keyHash)) !== null,
        }),
      );
    });
}

const key = { auth: 'key', tag: 'gateways' } as const;
export const gatewayPolicyDocs: RouteDoc[] = [
  {
    ...key,
    method: 'GET',
    path: '/v1/policy',
    summary: "The key's project's live policy; `ETag` is the version, `If-None-Match` answers 304",
    responses: {
      200: '`{project_id, version, yaml, created_at}`',
      304: 'the version named in `If-None-Match` is still the live one',
      401: 'no valid API key',
      404: 'the project has no policy',
    },
  },
  {
    ...key,
    method: 'GET',
    path: '/v1/policy/stream',
    summary:
      'Server-sent events: a `policy` event `{version, yaml}` with the live version at once and on every save; a comment every 15 s',
    responses: { 200: '`text/event-stream`', 401: 'no valid API key' },
  },
];
