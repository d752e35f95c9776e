import { and, desc, eq, isNull, isNotNull } from 'drizzle-orm';
import type { Db } from '../db.js';
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

    /** Newest first; only open (or only resolved) ones when `open` is given. */
    async list(options: { open?: boolean; limit?: number } = {}): Promise<Alert[]> {
      const where = [eq(alerts.orgId, orgId)];
      if (options.open === true) where.push(isNull(alerts.resolvedAt));
      if (options.open === false) where.push(isNotNull(alerts.resolvedAt));
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
  };
}

export type AlertsRepo = ReturnType<typeof alertsRepo>;
