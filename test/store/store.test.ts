import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore, readMigrations, StoreError } from '../../src/store/index.js';
import { storeContract } from './contract.js';
import { freshDatabase, rowsOf, TEST_DATABASE_URL } from './databases.js';

storeContract('PGlite in memory', {
  async open() {
    const store = await openStore({ memory: true });
    return { store, dispose: () => store.close() };
  },
});

// Skipped without MCPSHIELD_TEST_DATABASE_URL: there is no PostgreSQL to run against (CI sets it).
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL', () => {
  storeContract('PostgreSQL', {
    async open() {
      const db = await freshDatabase(TEST_DATABASE_URL!);
      const store = await openStore({ url: db.url });
      return {
        store,
        async dispose() {
          await store.close();
          await db.drop();
        },
      };
    },
  });

  it('applies each migration once when several processes open a fresh database at once', async () => {
    const db = await freshDatabase(TEST_DATABASE_URL!);
    try {
      const opened = await Promise.allSettled([1, 2, 3].map(() => openStore({ url: db.url, poolSize: 2 })));
      const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      try {
        expect(opened.filter((o) => o.status === 'rejected')).toEqual([]);
        const rows = await rowsOf(stores[0]!, sql`select tag from mcpshield_migrations order by tag`);
        expect(rows.map((r) => r.tag)).toEqual(readMigrations().map((m) => m.tag));
        const plans = await rowsOf(stores[0]!, sql`select count(*)::int as n from plans`);
        expect(plans[0]!.n).toBe(3);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      await db.drop();
    }
  });
});

describe('PGlite under a data directory', () => {
  it('keeps every row across a restart and migrates nothing the second time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-store-'));
    try {
      const first = await openStore({ dataDir: join(dir, 'db') });
      const user = await first.users.create({ email: 'kept@example.com' });
      const org = await first.createOrganization({ name: 'kept', ownerId: user.id });
      await first.forOrg(org.id).projects.create({ name: 'p' });
      await first.close();
      const second = await openStore({ dataDir: join(dir, 'db') });
      expect(await second.migrate()).toEqual([]);
      expect((await second.forOrg(org.id).projects.list()).map((p) => p.name)).toEqual(['p']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second opener while the first holds the directory, and takes over a stale lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-store-'));
    try {
      const first = await openStore({ dataDir: join(dir, 'db') });
      await expect(openStore({ dataDir: join(dir, 'db') })).rejects.toThrow(
        new RegExp(`in use by process ${process.pid}`),
      );
      await first.close();
      // a lock left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max) does not block
      writeFileSync(join(dir, 'db.lock'), String(4_194_305));
      const second = await openStore({ dataDir: join(dir, 'db') });
      expect(readFileSync(join(dir, 'db.lock'), 'utf8')).toBe(String(process.pid));
      await second.close();
      expect(existsSync(join(dir, 'db.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openStore', () => {
  it('says what it needs', async () => {
    await expect(openStore({})).rejects.toThrow(/needs `url`, `dataDir` or `memory: true`/);
    await expect(openStore({ url: 'mysql://x' })).rejects.toBeInstanceOf(StoreError);
  });
});
