import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, time, updatedAt } from './columns.js';

export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'canceled'] as const;

/** A plan's limits; `null` means unlimited. The rows are seeded by a migration. */
export const plans = pgTable('plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  monthlyEvents: integer('monthly_events'),
  maxProjects: integer('max_projects'),
  retentionDays: integer('retention_days'),
  priceCents: integer('price_cents').notNull().default(0),
});

/** The plan an organisation is on; at most one row per organisation (none means the free plan). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: id(),
    orgId: orgId().unique(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('active'),
    currentPeriodStart: time('current_period_start').notNull().defaultNow(),
    currentPeriodEnd: time('current_period_end'),
    createdAt: createdAt(),
  },
  (t) => [check('subscriptions_status_check', sql`${t.status} in ('active', 'past_due', 'canceled')`)],
);

/** Monthly counters per organisation and metric (`events`, `inspect_calls`...); `month` is `YYYY-MM` (UTC). */
export const usage = pgTable(
  'usage',
  {
    orgId: orgId(),
    month: text('month').notNull(),
    metric: text('metric').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.metric] })],
);
