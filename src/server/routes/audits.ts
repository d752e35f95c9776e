import { Hono } from 'hono';
import { z } from 'zod';
import { DECISIONS, MAX_AUDIT_PAGE, StoreError, type AuditFilter } from '../../store/index.js';
import { exportResponse } from '../audit-export.js';
import { auditJson } from '../audit-format.js';
import { requireMember } from '../auth/require-member.js';
import type { Deps, MemberEnv } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';
import { readQuery } from '../validate.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date (`2026-05-01`, midnight UTC) or a time with its zone (`2026-05-01T12:00:00Z`). */
export const isoTime = z
  .string()
  .regex(ISO_TIME, 'must be an ISO date or time with a zone, as `2026-05-01` or `2026-05-01T12:00:00Z`')
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), 'is not a real date');

const name = z.string().min(1).max(500);

const AuditQuery = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  decision: z.enum(DECISIONS).optional(),
  project_id: z.uuid().optional(),
  server: name.optional(),
  tool: name.optional(),
  rule: name.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  cursor: z.string().min(1).max(1000).optional(),
  format: z.enum(['json', 'csv', 'jsonl']).default('json'),
});

/** The audit trail: filtered pages newest first, or the whole filtered trail as CSV or JSONL. */
export function auditRoutes(deps: Deps) {
  return new Hono<MemberEnv>().use(requireMember(deps)).get('/', async (c) => {
    const q = readQuery(c, AuditQuery);
    const filter: AuditFilter = {
      from: q.from,
      to: q.to,
      decision: q.decision,
      projectId: q.project_id,
      serverName: q.server,
      toolName: q.tool,
      rule: q.rule,
    };
    const org = c.get('org');
    if (q.format !== 'json') return exportResponse(org, filter, q.format);
    try {
      const page = await org.audit.list(filter, { limit: q.limit, cursor: q.cursor });
      return c.json({ items: page.items.map(auditJson), next_cursor: page.nextCursor });
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'invalid')) throw err;
      throw new ApiError(422, 'validation_failed', `cursor: ${err.message}`, {
        field: 'cursor',
        reason: err.message,
      });
    }
  });
}

export const auditDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/audits',
    summary:
      'The audit trail, newest first: a page (`limit`, `cursor`), or with `format=csv|jsonl` the whole filtered trail as a download',
    auth: 'user',
    tag: 'audit',
    query: AuditQuery,
    responses: {
      200: '`{items, next_cursor}`; CSV or JSON lines with `format`',
      422: 'a filter is malformed: `field`, `reason`',
    },
  },
];
