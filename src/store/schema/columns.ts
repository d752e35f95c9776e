import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations.js';

/** The columns most tables share. */

/** A UUID primary key made by the database. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** A point in time, with time zone; `null` until it happens. */
export const time = (name: string) => timestamp(name, { withTimezone: true });

export const createdAt = () => time('created_at').notNull().defaultNow();
export const updatedAt = () => time('updated_at').notNull().defaultNow();

/** The owning organisation; its rows go when it goes. */
export const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });
