import { Hono } from 'hono';
import { z } from 'zod';
import { SEVERITIES } from '../../detectors/types.js';
import { DECISIONS, type AuditEventInput } from '../../store/index.js';
import { writeEvents } from '../audit-writer.js';
import { requireKey } from '../auth/require-key.js';
import type { Deps, KeyEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { requireQuota } from '../quota.js';
import type { RouteDoc } from '../route-docs.js';
import { checked, readBody } from '../validate.js';

/** Events in one ingest request at most. */
export const MAX_BATCH = 5000;
/** The body limit of ingest: a full batch of events with arguments and findings. */
export const INGEST_MAX_BYTES = 16 * 1024 * 1024;

/** One line of the gateway's audit trail (`AuditEvent` of `src/gateway/audit.ts`); more fields are kept. */
const GatewayAuditEvent = z.looseObject({
  id: z.string().min(1).max(200),
  time: z.iso.datetime({ offset: true }),
  client: z.string().max(500),
  server: z.string().min(1).max(500),
  method: z.string().min(1).max(200),
  tool: z.string().max(500).optional(),
  phase: z.enum(['request', 'response']),
  decision: z.enum(DECISIONS),
  rules: z.array(z.string()),
  findings: z.array(
    z.looseObject({ detector: z.string(), severity: z.enum(SEVERITIES), message: z.string() }),
  ),
  notes: z.array(z.looseObject({ kind: z.string(), message: z.string() })).optional(),
  latency_ms: z.number().nonnegative(),
  arguments: z.unknown().optional(),
  upstream_error: z.object({ code: z.number(), message: z.string() }).optional(),
});
type GatewayAuditEvent = z.infer<typeof GatewayAuditEvent>;

const IngestBody = z.object({ events: z.array(z.unknown()) });

/** The store's form: the columns it filters on, everything else of the line under `details`. */
function toInput(e: GatewayAuditEvent, projectId: string): AuditEventInput {
  const { id, time, server, tool, method, decision, findings, ...details } = e;
  return {
    eventId: id,
    timestamp: new Date(time),
    projectId,
    serverName: server,
    toolName: tool ?? null,
    method,
    decision,
    rule: e.rules[0] ?? null,
    findings,
    details,
  };
}

/** `POST /events/ingest`: a gateway's audit lines, stored once each by their id. */
export function eventRoutes(deps: Deps) {
  return new Hono<KeyEnv>().use(requireKey(deps)).post('/ingest', requireQuota(deps.quota), async (c) => {
    const { events } = await readBody(c, IngestBody);
    if (events.length > MAX_BATCH)
      throw new ApiError(
        413,
        'batch_too_large',
        `a batch holds at most ${MAX_BATCH} events, this one ${events.length}: split it`,
        { max: MAX_BATCH, received: events.length },
      );
    const projectId = c.get('projectId');
    const inputs = events.map((e, i) =>
      toInput(checked(GatewayAuditEvent, e, `events.${i}`, ['events', i]), projectId),
    );
    const org = c.get('org');
    const inserted = await writeEvents(deps.bus, org, projectId, inputs);
    deps.quota.add(org.orgId, inserted.length);
    return c.json({
      received: inputs.length,
      inserted: inserted.length,
      duplicates: inputs.length - inserted.length,
    });
  });
}

export const eventDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/events/ingest',
    summary: "Store a gateway's audit events (idempotent by `id`) in the key's project",
    auth: 'key',
    tag: 'machines',
    body: z.object({ events: z.array(GatewayAuditEvent).max(MAX_BATCH) }),
    responses: {
      200: '`{received, inserted, duplicates}`; only `inserted` counts as usage',
      401: 'no valid API key',
      413: `more than ${MAX_BATCH} events, or a body over 16 MiB`,
      422: 'an event is malformed: `field` is `events.N.name`',
      429: "the plan's monthly events are used up: `limit`, `used`, `plan`, `resets_at` (and `Retry-After`)",
    },
  },
];
