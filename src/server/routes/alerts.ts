import { Hono } from 'hono';
import { z } from 'zod';
import { alertJson } from '../alerts/index.js';
import { newWebhookSecret } from '../alerts/webhook.js';
import { requireMember, requireRole } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { privateTarget } from '../alerts/webhook-target.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody, readQuery } from '../validate.js';
import { SEVERITIES, type AlertChannel, type OrgRepos } from '../../store/index.js';

const AlertQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const PatchAlert = z.object({ status: z.enum(['open', 'resolved']) });
/** `PATCH /api/alerts`: several alerts at once (the dashboard's "resolve selected"). */
const PatchAlerts = PatchAlert.extend({ ids: z.array(z.string()).min(1).max(500) });

const webhookUrl = z
  .string()
  .max(2048)
  .refine((s) => URL.canParse(s) && ['http:', 'https:'].includes(new URL(s).protocol), {
    message: 'must be an http:// or https:// URL',
  });
const CreateChannel = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), email: z.email().max(320) }),
  z.object({ kind: z.literal('webhook'), url: webhookUrl }),
]);

const channelJson = (ch: AlertChannel) => ({
  id: ch.id,
  kind: ch.kind,
  target: ch.target,
  created_by: ch.createdBy,
  created_at: ch.createdAt.toISOString(),
});

/** Alerts raised by the rules, resolved by people; the channels they are delivered to. */
export function alertRoutes(deps: Deps) {
  return (
    new Hono<MemberEnv>()
      .use(requireMember(deps))
      .get('/', async (c) => {
        const { status, severity, limit } = readQuery(c, AlertQuery);
        const open = status === undefined ? undefined : status === 'open';
        const items = await c.get('org').alerts.list({ open, severity, limit });
        return c.json({ items: items.map(alertJson) });
      })

      // Channels: the webhook's secret is made here and shown in the creation's answer only.
      .get('/channels', requireRole('admin'), async (c) =>
        c.json({ items: (await c.get('org').alertChannels.list()).map(channelJson) }),
      )
      .post('/channels', requireRole('admin'), async (c) => {
        const body = await readBody(c, CreateChannel);
        const createdBy = c.get('userId');
        if (body.kind === 'email') {
          const channel = await c
            .get('org')
            .alertChannels.create({ kind: 'email', target: body.email, createdBy });
          return c.json(channelJson(channel), 201);
        }
        const refused = deps.webhookPrivateTargets ? null : privateTarget(new URL(body.url).hostname);
        if (refused)
          throw new ApiError(
            422,
            'validation_failed',
            `url: ${refused}; private webhook targets are refused (the operator can allow them with MCPSHIELD_WEBHOOK_ALLOW_PRIVATE=1)`,
            { field: 'url', reason: `${refused}` },
          );
        const secret = newWebhookSecret();
        const channel = await c
          .get('org')
          .alertChannels.create({ kind: 'webhook', target: body.url, secret, createdBy });
        return c.json({ ...channelJson(channel), secret }, 201);
      })
      .delete('/channels/:id', requireRole('admin'), async (c) => {
        if (!(await c.get('org').alertChannels.delete(c.req.param('id'))))
          throw new ApiError(404, 'not_found', `alert channel \`${c.req.param('id')}\` not found`);
        return c.body(null, 204);
      })

      .patch('/', requireRole('member'), async (c) => {
        const { ids, status } = await readBody(c, PatchAlerts);
        const alerts = c.get('org').alerts;
        // Every id is checked first, so a list with one unknown id changes nothing.
        const missing = (await Promise.all(ids.map(async (id) => ((await alerts.get(id)) ? null : id)))).find(
          (id) => id !== null,
        );
        if (missing) throw new ApiError(404, 'not_found', `alert \`${missing}\` not found`);
        const items = [];
        for (const id of [...new Set(ids)])
          items.push(alertJson((await setStatus(c.get('org'), id, status, c.get('userId')))!));
        return c.json({ items });
      })
      .patch('/:id', requireRole('member'), async (c) => {
        const { status } = await readBody(c, PatchAlert);
        const id = c.req.param('id');
        const alert = await setStatus(c.get('org'), id, status, c.get('userId'));
        if (!alert) throw new ApiError(404, 'not_found', `alert \`${id}\` not found`);
        return c.json(alertJson(alert));
      })
  );
}

function setStatus(org: OrgRepos, id: string, status: 'open' | 'resolved', userId: string) {
  return status === 'resolved' ? org.alerts.resolve(id, userId) : org.alerts.reopen(id);
}

const user = { auth: 'user', tag: 'alerts' } as const;
export const alertDocs: RouteDoc[] = [
  {
    ...user,
    method: 'GET',
    path: '/alerts',
    summary: 'Alerts, newest first; `status=open|resolved`, `severity`',
    query: AlertQuery,
    responses: { 200: '`{items}`', 422: 'invalid query' },
  },
  {
    ...user,
    method: 'PATCH',
    path: '/alerts',
    role: 'member',
    summary: 'Resolve several alerts, or open them again: `{ids, status}` (an unknown id changes none)',
    body: PatchAlerts,
    responses: {
      200: '`{items}`',
      404: 'an id names no alert of this organisation',
      409: 'another open alert is about the same thing',
    },
  },
  {
    ...user,
    method: 'PATCH',
    path: '/alerts/:id',
    role: 'member',
    summary: 'Resolve an alert, or open it again',
    body: PatchAlert,
    responses: {
      200: 'the alert',
      404: 'no such alert',
      409: 'another open alert is about the same thing',
      422: 'invalid body',
    },
  },
  {
    ...user,
    method: 'GET',
    path: '/alerts/channels',
    role: 'admin',
    summary: 'Where alerts are delivered (email addresses, webhooks); secrets are never listed',
    responses: { 200: '`{items}`' },
  },
  {
    ...user,
    method: 'POST',
    path: '/alerts/channels',
    role: 'admin',
    summary:
      'Add an email address or a webhook; a webhook answer holds its signing `secret`, the only time it is shown',
    body: CreateChannel,
    responses: { 201: 'the channel (`secret` for a webhook)', 422: 'invalid body' },
  },
  {
    ...user,
    method: 'DELETE',
    path: '/alerts/channels/:id',
    role: 'admin',
    summary: 'Stop delivering to a channel',
    responses: { 204: 'deleted', 404: 'no such channel' },
  },
];
