import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditQueue } from '../../src/server/audit-queue.js';
import { Bus, type BusEvents } from '../../src/server/bus.js';
import { PolicyCache } from '../../src/server/policy-cache.js';
import { pruneExpiredAudit } from '../../src/server/retention.js';
import { openStore, type OrgRepos, type Store } from '../../src/store/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';

type Database = () => Promise<{ url?: string; drop(): Promise<void> }>;

upkeep('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) upkeep('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

/** The server's audit machinery over a real store: the write-behind queue, retention, the policy cache. */
function upkeep(name: string, database: Database) {
  describe(`audit upkeep (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let store: Store;
    let n = 0;

    async function tenant(): Promise<{ org: OrgRepos; projectId: string }> {
      const { org } = await store.createUserWithOrganization({ email: `u${++n}@example.test` }, `org ${n}`);
      const repos = store.forOrg(org.id);
      const project = await repos.projects.create({ name: 'p' });
      return { org: repos, projectId: project.id };
    }
    const event = (eventId: string, timestamp: Date) => ({ eventId, timestamp, decision: 'allow' as const });

    beforeAll(async () => {
      db = await database();
      store = await openStore(db.url ? { url: db.url } : { memory: true });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it('stores queued decisions on close, counts them, and tells the bus', async () => {
      const { org, projectId } = await tenant();
      const bus = new Bus();
      const told: BusEvents['audit'][0][] = [];
      bus.on('audit', (e) => void told.push(e));
      // a flush interval that never elapses during the test: only close() can write
      const queue = new AuditQueue(bus, { flushMs: 3_600_000, maxEvents: 1000 });
      for (let i = 0; i < 3; i++) await queue.push(org, projectId, event(`q${i}`, new Date()));
      expect(await org.audit.count()).toBe(0);
      await queue.close();
      expect(await org.audit.count()).toBe(3);
      expect(await org.usage.month(new Date().toISOString().slice(0, 7))).toMatchObject({
        events: 3,
        inspect_calls: 3,
      });
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ orgId: org.orgId, projectId });
      expect(told[0]!.events.map((e) => e.eventId)).toEqual(['q0', 'q1', 'q2']);
    });

    it('writes at once when maxEvents are queued, and makes push wait past maxBacklog', async () => {
      const { org, projectId } = await tenant();
      const queue = new AuditQueue(new Bus(), { flushMs: 3_600_000, maxEvents: 2, maxBacklog: 2 });
      await queue.push(org, projectId, event('m0', new Date()));
      expect(await org.audit.count()).toBe(0);
      await queue.push(org, projectId, event('m1', new Date())); // the write it starts is awaited
      expect(await org.audit.count()).toBe(2);
      await queue.close();
    });

    it("prunes each organisation's events past its plan's retention, and keeps an unlimited plan's", async () => {
      const free = await tenant();
      const enterprise = await tenant();
      await enterprise.org.billing.subscribe('enterprise');
      const now = new Date('2026-06-01T00:00:00Z');
      const old = new Date('2026-04-01T00:00:00Z'); // 61 days before: past free's 30
      const recent = new Date('2026-05-20T00:00:00Z');
      for (const t of [free, enterprise])
        await t.org.audit.insertBatch([event('old', old), event('recent', recent)]);
      expect(await pruneExpiredAudit(store, now)).toBeGreaterThanOrEqual(1);
      expect((await free.org.audit.list()).items.map((e) => e.eventId)).toEqual(['recent']);
      expect((await enterprise.org.audit.list()).items.map((e) => e.eventId)).toEqual(['recent', 'old']);
    });

    it('compiles a policy once and drops it when the bus says a new version was saved', async () => {
      const { org, projectId } = await tenant();
      const bus = new Bus();
      const cache = new PolicyCache(bus);
      await org.policies.save(projectId, { yaml: 'version: 1\ndefault: allow\n' });
      const first = await cache.get(org, projectId);
      expect(first.version).toBe(1);
      expect(await cache.get(org, projectId)).toBe(first);
      const saved = await org.policies.save(projectId, { yaml: 'version: 1\ndefault: deny\n' });
      expect((await cache.get(org, projectId)).version).toBe(1); // not told yet, within the recheck time
      bus.emit('policy', { orgId: org.orgId, projectId, version: saved.version });
      expect((await cache.get(org, projectId)).version).toBe(2);
      cache.close();
    });

    it("sees another replica's save once the recheck time has passed", async () => {
      const { org, projectId } = await tenant();
      let clock = 0;
      const cache = new PolicyCache(new Bus(), () => clock);
      await org.policies.save(projectId, { yaml: 'version: 1\ndefault: allow\n' });
      expect((await cache.get(org, projectId)).version).toBe(1);
      await org.policies.save(projectId, { yaml: 'version: 1\ndefault: deny\n' });
      clock += 1999;
      expect((await cache.get(org, projectId)).version).toBe(1);
      clock += 1;
      expect((await cache.get(org, projectId)).version).toBe(2);
      cache.close();
    });
  });
}
