import { eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { StoreError } from '../errors.js';
import { plans, subscriptions } from '../schema/index.js';

export type Plan = typeof plans.$inferSelect;
export type Subscription = typeof subscriptions.$inferSelect;

/** The plan an organisation is on when it has never subscribed. */
export const DEFAULT_PLAN = 'free';

/** The organisation's subscription and the limits of its plan. */
export function billingRepo(db: Db, orgId: string) {
  const planById = async (id: string): Promise<Plan | null> => {
    const [row] = await db.select().from(plans).where(eq(plans.id, id));
    return row ?? null;
  };
  return {
    async subscription(): Promise<Subscription | null> {
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
      return row ?? null;
    },

    /** The plan in force: the subscribed one while active, else the free plan. */
    async plan(): Promise<Plan> {
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
      const plan = await planById(row?.status === 'active' ? row.planId : DEFAULT_PLAN);
      if (!plan) throw new StoreError('not_found', `plan \`${row?.planId ?? DEFAULT_PLAN}\` not found`);
      return plan;
    },

    /** Puts the organisation on a plan from now on (the payment side is not the store's). */
    async subscribe(planId: string, at = new Date()): Promise<Subscription> {
      if (!(await planById(planId))) throw new StoreError('not_found', `plan \`${planId}\` not found`);
      const fields = { planId, status: 'active' as const, currentPeriodStart: at, currentPeriodEnd: null };
      const [row] = await db
        .insert(subscriptions)
        .values({ orgId, ...fields })
        .onConflictDoUpdate({ target: subscriptions.orgId, set: fields })
        .returning();
      return row!;
    },
  };
}

export type BillingRepo = ReturnType<typeof billingRepo>;
