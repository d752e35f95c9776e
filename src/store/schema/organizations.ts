import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The tenant: every other row of the control plane belongs to exactly one organisation. */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
