import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** The drizzle database over either driver; repositories are written once against this type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One connection that runs raw SQL: a PGlite instance or a checked-out `pg` client. */
export interface SqlSession {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
