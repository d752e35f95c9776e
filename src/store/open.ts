import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './db.js';
import { lockDataDir } from './data-dir-lock.js';
import { StoreError } from './errors.js';
import { applyMigrations } from './migrate.js';
import * as schema from './schema/index.js';
import { createStore, type Store } from './store.js';

export type StoreOptions = {
  /** `postgres://...`: a PostgreSQL server (`MCPSHIELD_DATABASE_URL`). */
  url?: string;
  /** The embedded database's directory, created if missing. */
  dataDir?: string;
  /** An embedded database in memory, gone at `close()` (tests). */
  memory?: boolean;
  /** Connections of the PostgreSQL pool (default 10). */
  poolSize?: number;
};

/**
 * Opens the store on PostgreSQL when `url` is given, else on the embedded PGlite under `dataDir` (or in
 * memory), and applies pending migrations before returning.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.url ? openPostgres(options.url, options.poolSize ?? 10) : await openPglite(options);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

function openPostgres(url: string, max: number): Store {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new StoreError('config', 'database url must start with `postgres://` or `postgresql://`');
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // an idle connection dropped by the server: the pool replaces it
  const db: Db = drizzlePg({ client: pool, schema });
  const migrate = async () => {
    const client = await pool.connect();
    try {
      return await applyMigrations(client, { lock: true });
    } finally {
      client.release();
    }
  };
  return createStore('postgres', db, migrate, () => pool.end());
}

async function openPglite(options: StoreOptions): Promise<Store> {
  if (!options.memory && !options.dataDir)
    throw new StoreError('config', 'openStore needs `url`, `dataDir` or `memory: true`');
  if (options.memory) return pgliteStore(await PGlite.create(), () => {});
  mkdirSync(options.dataDir!, { recursive: true });
  const release = lockDataDir(options.dataDir!);
  try {
    return pgliteStore(await PGlite.create(options.dataDir!), release);
  } catch (err) {
    release();
    throw err;
  }
}

function pgliteStore(client: PGlite, release: () => void): Store {
  const db: Db = drizzlePglite({ client, schema });
  return createStore(
    'pglite',
    db,
    () => applyMigrations(client, { lock: false }),
    async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  );
}
