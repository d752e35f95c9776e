import { and, desc, eq, isNull, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { pgCode, StoreError } from '../errors.js';
import { isUuid } from '../ids.js';
import { alerts, SEVERITIES } from '../schema/index.js';
import { assertOwned } from './owned.js';

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = {
  kind: string;
  severity: (typeof SEVERITIES)[number];
  title: string;
  details?: Record<string, unknown>;
  projectId?: string | null;
  serverId?: string | null;
  /** What the alert is about (`risk-rise:<server id>`): at most one open alert per key. */
  dedupKey?: string | null;
};

export type AlertFilter = {
  /** Only open (`true`) or only resolved (`false`) alerts. */
  open?: boolean;
  severity?: (typeof SEVERITIES)[number];
  limit?: number;
};

/** The organisation's alerts: raised by the control plane, resolved by people. */
export function alertsRepo(db: Db, orgId: string) {
  const mine = (id: string) => and(eq(alerts.orgId, orgId), eq(alerts.id, id));
  return {
    async create(input: NewAlert): Promise<Alert> {
      await assertOwned(db, orgId, 'project', [input.projectId]);
      await assertOwned(db, orgId, 'server', [input.serverId]);
      const [row] = await db
        .insert(alerts)
        .values({ orgId, ...input, details: input.details ?? {} })
        .returning();
      return row!;
    },

    /**
     * Stores the alert unless an open one with the same `dedupKey` exists; returns it, or `null` when it
     * was already open (a replayed report, a second rug pull of the same tool).
     */
    async raise(input: NewAlert & { dedupKey: string }): Promise<Alert | null> {
      await assertOwned(db, orgId, 'project', [input.projectId]);
      await assertOwned(db, orgId, 'server', [input.serverId]);
      const [row] = await db
        .insert(alerts)
        .values({ orgId, ...input, details: input.details ?? {} })
        .onConflictDoNothing({
          target: [alerts.orgId, alerts.dedupKey],
          where: sql`${alerts.resolvedAt} is null and ${alerts.dedupKey} is not null`,
        })
        .returning();
      return row ?? null;
    },

    /** Newest first; only open (or only resolved) ones when `open` is given; one severity when given. */
    async list(options: AlertFilter = {}): Promise<Alert[]> {
      const where = [eq(alerts.orgId, orgId)];
      if (options.open === true) where.push(isNull(alerts.resolvedAt));
      if (options.open === false) where.push(isNotNull(alerts.resolvedAt));
      if (options.severity) where.push(eq(alerts.severity, options.severity));
      return db
        .select()
        .from(alerts)
        .where(and(...where))
        .orderBy(desc(alerts.createdAt))
        .limit(options.limit ?? 100);
    },

    async get(id: string): Promise<Alert | null> {
      if (!isUuid(id)) return null;
      const [row] = await db.select().from(alerts).where(mine(id));
      return row ?? null;
    },

    /** Marks the alert resolved by a user; returns it, or `null` when there is no such alert here. */
    async resolve(id: string, by: string | null, at = new Date()): Promise<Alert | null> {
      if (!isUuid(id)) return null;
      const [row] = await db
        .update(alerts)
        .set({ resolvedAt: at, resolvedBy: by })
        .where(mine(id))
        .returning();
      return row ?? null;
    },

    /**
     * Opens a resolved alert again; returns it, or `null` when there is no such alert here. Fails with
     * `conflict` when another open alert is about the same thing.
     */
    async reopen(id: string): Promise<Alert | null> {
      if (!isUuid(id)) return null;
      try {
        const [row] = await db
          .update(alerts)
          .set({ resolvedAt: null, resolvedBy: null })
          .where(mine(id))
          .returning();
        return row ?? null;
      } catch (err) {
        if (pgCode(err) === '23505')
          throw new StoreError('conflict', 'another open alert is about the same thing', { cause: err });
        throw err;
      }
    },

    /** Open alerts per severity; severities without any are absent. */
    async openBySeverity(): Promise<Partial<Record<(typeof SEVERITIES)[number], number>>> {
      const rows = await db
        .select({ severity: alerts.severity, count: sql<number>`count(*)::int` })
        .from(alerts)
        .where(and(eq(alerts.orgId, orgId), isNull(alerts.resolvedAt)))
        .groupBy(alerts.severity);
      return Object.fromEntries(rows.map((r) => [r.severity, Number(r.count)]));
    },
  };
}

export type AlertsRepo = ReturnType<typeof alertsRepo>;
