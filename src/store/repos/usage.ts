import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { StoreError } from '../errors.js';
import { usage } from '../schema/index.js';

/** The UTC month of a time, as `YYYY-MM`: the key of the monthly counters. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The organisation's monthly counters (`events`, `inspect_calls`...). */
export function usageRepo(db: Db, orgId: string) {
  return {
    /** Adds `by` to the metric's counter of the month of `at` and returns the new total. */
    async increment(metric: string, by = 1, at = new Date()): Promise<number> {
      if (!Number.isSafeInteger(by) || by < 0)
        throw new StoreError('invalid', `usage increment must be a whole number >= 0, got ${by}`);
      const [row] = await db
        .insert(usage)
        .values({ orgId, month: monthOf(at), metric, count: by })
        .onConflictDoUpdate({
          target: [usage.orgId, usage.month, usage.metric],
          set: { count: sql`${usage.count} + ${by}`, updatedAt: new Date() },
        })
        .returning({ count: usage.count });
      return row!.count;
    },

    /** Every counter of a month (`YYYY-MM`); metrics never counted are absent. */
    async month(month: string): Promise<Record<string, number>> {
      const rows = await db
        .select({ metric: usage.metric, count: usage.count })
        .from(usage)
        .where(and(eq(usage.orgId, orgId), eq(usage.month, month)));
      return Object.fromEntries(rows.map((r) => [r.metric, r.count]));
    },
  };
}

export type UsageRepo = ReturnType<typeof usageRepo>;
