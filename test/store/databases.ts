import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Store } from '../../src/store/index.js';

/** The machine's PostgreSQL for the store suite; unset: the PostgreSQL runs are skipped. */
export const TEST_DATABASE_URL = process.env.MCPSHIELD_TEST_DATABASE_URL;

/** A new, empty database on the server of `baseUrl`, so runs never collide; `drop()` removes it. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mcpshield_test_${randomBytes(6).toString('hex')}`;
  await admin(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The rows of a raw query; both drivers answer `{ rows }`. */
export async function rowsOf(store: Store, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await store.db.execute(query)) as { rows: Record<string, unknown>[] };
  return result.rows;
}
