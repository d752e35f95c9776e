import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { contractShape, decide, type Decision } from '../../policy/index.js';
import { toEvent, toolName, type McpEvent } from '../../protocol/event.js';
import { stringifyJson } from '../../protocol/json.js';
import type { AuditEventInput } from '../../store/index.js';
import { requireKey } from '../auth/require-key.js';
import type { Deps, KeyEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { requireQuota } from '../quota.js';
import type { RouteDoc } from '../route-docs.js';

/** How long a found key is trusted here: a revoked key may decide for a second more, not longer. */
export const KEY_CACHE_MS = 1000;

/** The audit record of one decision; the event id is the server's, as no sender named one. */
function auditOf(projectId: string, ev: McpEvent, d: Decision, at: Date): AuditEventInput {
  return {
    eventId: randomUUID(),
    timestamp: at,
    projectId,
    decision: d.decision,
    serverName: ev.server,
    toolName: toolName(ev) ?? null,
    method: ev.method,
    rule: d.rules[0] ?? null,
    findings: d.findings,
    details: {
      source: 'inspect',
      phase: ev.result === undefined ? 'request' : 'response',
      rules: d.rules,
      ...(ev.client === undefined ? {} : { client: ev.client }),
    },
  };
}

/** `toEvent`'s reason names the field in backticks first; the whole body otherwise. */
function fieldOf(reason: string): string {
  return /^`([^`]+)`/.exec(reason)?.[1] ?? '(body)';
}

/**
 * `POST /v1/inspect`: one MCP exchange in, the decision of the key's project's live policy out, in the
 * shape of `mcpshield inspect --jsonl`. The decision is queued for the audit trail, not awaited.
 */
export function inspectRoutes(deps: Deps) {
  return new Hono<KeyEnv>()
    .use(requireKey(deps, { cacheMs: KEY_CACHE_MS }))
    .post('/inspect', requireQuota(deps.quota), async (c) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
      }
      const ev = toEvent(raw);
      if (typeof ev === 'string')
        throw new ApiError(422, 'invalid_event', ev, { field: fieldOf(ev), reason: ev });
      const org = c.get('org');
      const projectId = c.get('projectId');
      const { ir } = await deps.policies.get(org, projectId);
      const decision = decide(ir, ev);
      await deps.auditQueue.push(org, projectId, auditOf(projectId, ev, decision, new Date()));
      deps.quota.add(org.orgId, 1);
      return c.body(stringifyJson(contractShape(decision)), 200, {
        'content-type': 'application/json',
      });
    });
}

/** What `/v1/inspect` reads: one event as `mcpshield inspect --jsonl` reads a line. */
const InspectEvent = z.object({
  server: z.string().min(1),
  method: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
  client: z.string().optional(),
});

export const inspectDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/v1/inspect',
    summary:
      "Decide one MCP exchange with the key's project's live policy (also served at `POST /v1/inspect`)",
    auth: 'key',
    tag: 'machines',
    body: InspectEvent,
    responses: {
      200: '`{decision, rules, findings, result?}` as `mcpshield inspect --jsonl` writes it',
      401: 'no valid API key',
      409: 'the project has no policy that compiles',
      422: 'not an event: `field`, `reason`',
      429: "the plan's monthly events are used up: `limit`, `used`, `plan`, `resets_at` (and `Retry-After`)",
    },
  },
];
