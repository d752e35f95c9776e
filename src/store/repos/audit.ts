import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.js';
import { StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { auditEvents, type AuditDecision } from '../schema/index.js';
import { assertOwned } from './owned.js';

export type AuditEvent = typeof auditEvents.$inferSelect;

/** One decision as a gateway or `/v1/inspect` reports it; `eventId` is the sender's unique id. */
export type AuditEventInput = {
  eventId: string;
  timestamp: Date;
  decision: AuditDecision;
  projectId?: string | null;
  serverName?: string | null;
  toolName?: string | null;
  method?: string | null;
  rule?: string | null;
  findings?: unknown[];
  details?: Record<string, unknown>;
};

/** The dashboard's filters; `from` is inclusive, `to` exclusive. */
export type AuditFilter = {
  from?: Date;
  to?: Date;
  decision?: AuditDecision;
  projectId?: string;
  serverName?: string;
  toolName?: string;
  rule?: string;
};

export type AuditPage = { items: AuditEvent[]; nextCursor: string | null };

/** One UTC day of the trail: how many events were allowed and denied. */
export type DailyDecisions = { day: string; allowed: number; denied: number };

export const MAX_PAGE = 500;

/** The cursor is the last row's position in the list's order (time, then id), opaque to clients. */
function encodeCursor(row: AuditEvent): string {
  return Buffer.from(JSON.stringify([row.timestamp.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { timestamp: Date; id: string } {
  try {
    const [ts, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const timestamp = new Date(String(ts));
    if (typeof ts === 'string' && !Number.isNaN(timestamp.getTime()) && isUuid(id)) return { timestamp, id };
  } catch {
    // reported below
  }
  throw new StoreError('invalid', 'invalid cursor: pass `next_cursor` of the previous page as it was');
}

/** The organisation's audit trail: idempotent ingest, filtered pages newest first, pruning. */
export function auditRepo(db: Db, orgId: string) {
  const repo = {
    /**
     * Stores the events not seen before (by `eventId` within the organisation) and returns the event ids
     * of the rows it added, so a retried batch is counted once. A project id of another organisation
     * rejects the batch.
     */
    async insertNew(events: AuditEventInput[]): Promise<string[]> {
      await assertOwned(
        db,
        orgId,
        'project',
        events.map((e) => e.projectId),
      );
      const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
      if (unique.length === 0) return [];
      // One statement of ten array parameters, whatever the batch's size: building and parsing a
      // statement of 11 parameters per row costs more than storing the rows.
      const column = (value: (e: AuditEventInput) => unknown) => sql.param(unique.map(value));
      const json = (value: unknown) => JSON.stringify(value);
      const result = (await db.execute(sql`
        insert into ${auditEvents} (org_id, event_id, timestamp, decision, project_id, server_name,
                                    tool_name, method, rule, findings, details)
        select ${orgId}::uuid, e.*
        from unnest(
          ${column((e) => e.eventId)}::text[],
          ${column((e) => e.timestamp.toISOString())}::timestamptz[],
          ${column((e) => e.decision)}::text[],
          ${column((e) => e.projectId ?? null)}::uuid[],
          ${column((e) => e.serverName ?? null)}::text[],
          ${column((e) => e.toolName ?? null)}::text[],
          ${column((e) => e.method ?? null)}::text[],
          ${column((e) => e.rule ?? null)}::text[],
          ${column((e) => json(e.findings ?? []))}::jsonb[],
          ${column((e) => json(e.details ?? {}))}::jsonb[]
        ) as e
        on conflict (org_id, event_id) do nothing
        returning event_id`)) as unknown as { rows: { event_id: string }[] };
      return result.rows.map((r) => r.event_id);
    },

    /** As `insertNew`, but only how many rows were new. */
    async insertBatch(events: AuditEventInput[]): Promise<{ inserted: number }> {
      return { inserted: (await repo.insertNew(events)).length };
    },

    /** A page of events matching the filter, newest first; pass `nextCursor` back for the next page. */
    async list(
      filter: AuditFilter = {},
      page: { limit?: number; cursor?: string | null } = {},
    ): Promise<AuditPage> {
      const wanted = Number.isFinite(page.limit) ? Math.trunc(page.limit!) : 50;
      const limit = Math.min(Math.max(1, wanted), MAX_PAGE);
      const where: (SQL | undefined)[] = [eq(auditEvents.orgId, orgId)];
      if (filter.from) where.push(gte(auditEvents.timestamp, filter.from));
      if (filter.to) where.push(lt(auditEvents.timestamp, filter.to));
      if (filter.decision) where.push(eq(auditEvents.decision, filter.decision));
      if (filter.projectId !== undefined) {
        if (!isUuid(filter.projectId)) return { items: [], nextCursor: null };
        where.push(eq(auditEvents.projectId, filter.projectId));
      }
      if (filter.serverName !== undefined) where.push(eq(auditEvents.serverName, filter.serverName));
      if (filter.toolName !== undefined) where.push(eq(auditEvents.toolName, filter.toolName));
      if (filter.rule !== undefined) where.push(eq(auditEvents.rule, filter.rule));
      if (page.cursor) {
        const c = decodeCursor(page.cursor);
        where.push(
          sql`(${auditEvents.timestamp}, ${auditEvents.id}) < (${c.timestamp.toISOString()}::timestamptz, ${c.id}::uuid)`,
        );
      }
      // `nulls last` as the indexes are built (drizzle's `.desc()`): the columns are never null, but
      // PostgreSQL walks an index in the list's order only when the null placement matches too.
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(...where))
        .orderBy(sql`${auditEvents.timestamp} desc nulls last`, sql`${auditEvents.id} desc nulls last`)
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
    },

    async count(filter: Pick<AuditFilter, 'from' | 'to'> = {}): Promise<number> {
      const where = [eq(auditEvents.orgId, orgId)];
      if (filter.from) where.push(gte(auditEvents.timestamp, filter.from));
      if (filter.to) where.push(lt(auditEvents.timestamp, filter.to));
      return db.$count(auditEvents, and(...where));
    },

    /**
     * Allowed and denied events per UTC day (`YYYY-MM-DD`) from `from` (inclusive) to `to` (exclusive),
     * oldest first; days without events are absent.
     */
    async dailyDecisions(range: { from: Date; to: Date }): Promise<DailyDecisions[]> {
      const day = sql<string>`to_char(${auditEvents.timestamp} at time zone 'UTC', 'YYYY-MM-DD')`;
      const rows = await db
        .select({
          day,
          allowed: sql<number>`count(*) filter (where ${auditEvents.decision} = 'allow')`.mapWith(Number),
          denied: sql<number>`count(*) filter (where ${auditEvents.decision} = 'deny')`.mapWith(Number),
        })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.orgId, orgId),
            gte(auditEvents.timestamp, range.from),
            lt(auditEvents.timestamp, range.to),
          ),
        )
        .groupBy(day)
        .orderBy(day);
      return rows;
    },

    /** Deletes events older than `days` days before `now` (the plan's retention); returns how many. */
    async prune(days: number, now = new Date()): Promise<number> {
      if (!(days >= 0)) throw new StoreError('invalid', `retention must be a number of days, got ${days}`);
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      const rows = await db
        .delete(auditEvents)
        .where(and(eq(auditEvents.orgId, orgId), lt(auditEvents.timestamp, cutoff)))
        .returning({ id: auditEvents.id });
      return rows.length;
    },
  };
  return repo;
}

export type AuditRepo = ReturnType<typeof auditRepo>;
