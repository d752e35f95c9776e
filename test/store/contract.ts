import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from './databases.js';
import {
  readMigrations,
  StoreError,
  type AuditEventInput,
  type OrgRepos,
  type Store,
} from '../../src/store/index.js';

/** Opens a store on a database of its own; `dispose` closes it and removes the database. */
export type Driver = { open(): Promise<{ store: Store; dispose(): Promise<void> }> };

const at = (iso: string) => new Date(iso);
const event = (
  eventId: string,
  timestamp: string,
  extra: Partial<AuditEventInput> = {},
): AuditEventInput => ({
  eventId,
  timestamp: at(timestamp),
  decision: 'allow',
  ...extra,
});

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((err) => err instanceof StoreError && err.code === code);
}

/** The one store suite: every driver must pass all of it. */
export function storeContract(name: string, driver: Driver): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let n = 0;
    /** A user and an organisation owned by them, unique per call. */
    async function tenant(): Promise<{ userId: string; org: OrgRepos }> {
      const user = await store.users.create({
        email: `Owner${++n}@Example.com`,
        firstName: 'Ada',
        lastName: 'L',
      });
      const org = await store.createOrganization({ name: `org ${n}`, ownerId: user.id });
      return { userId: user.id, org: store.forOrg(org.id) };
    }

    beforeAll(async () => {
      ({ store, dispose } = await driver.open());
    });
    afterAll(async () => {
      await dispose?.();
    });

    describe('migrations', () => {
      it('are all applied at open, and applying them again is a no-op', async () => {
        const tags = readMigrations().map((m) => m.tag);
        const recorded = await rowsOf(store, sql`select tag from mcpshield_migrations order by tag`);
        expect(recorded.map((r) => r.tag)).toEqual(tags);
        expect(await store.migrate()).toEqual([]);
        expect(await store.migrate()).toEqual([]);
        const again = await rowsOf(store, sql`select count(*)::int as n from mcpshield_migrations`);
        expect(again[0]!.n).toBe(tags.length);
      });

      it('seed the plans', async () => {
        const plans = await rowsOf(store, sql`select id, monthly_events from plans order by id`);
        expect(plans).toEqual([
          { id: 'enterprise', monthly_events: null },
          { id: 'free', monthly_events: 10000 },
          { id: 'pro', monthly_events: 100000 },
        ]);
      });
    });

    describe('users and organisations', () => {
      it('creates a user with a profile, the email lower-cased; a taken email is a conflict', async () => {
        const user = await store.users.create({ email: ' Grace@Example.COM ', firstName: 'Grace' });
        expect(user.email).toBe('grace@example.com');
        expect((await store.users.findByEmail('GRACE@example.com'))?.id).toBe(user.id);
        expect((await store.users.profile(user.id))?.firstName).toBe('Grace');
        await rejects(store.users.create({ email: 'grace@example.com' }), 'conflict');
        expect(await store.users.get('not-a-uuid')).toBeNull();
      });

      it('creates an organisation with its owner and manages members', async () => {
        const { userId, org } = await tenant();
        expect((await org.organization.get())?.name).toMatch(/^org /);
        expect(await org.organization.roleOf(userId)).toBe('owner');
        const other = await store.users.create({ email: `member${n}@example.com` });
        await org.organization.addMember(other.id, 'viewer');
        await rejects(org.organization.addMember(other.id, 'admin'), 'conflict');
        expect(await org.organization.setRole(other.id, 'admin')).toBe(true);
        expect((await org.organization.members()).map((m) => m.role)).toEqual(['owner', 'admin']);
        expect((await store.organizationsOf(other.id)).map((o) => [o.org.id, o.role])).toEqual([
          [org.orgId, 'admin'],
        ]);
        expect(await org.organization.removeMember(other.id)).toBe(true);
        expect(await store.organizationsOf(other.id)).toEqual([]);
        await rejects(
          store.createOrganization({ name: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }),
          'not_found',
        );
      });

      it('lists every organisation for housekeeping', async () => {
        const { org } = await tenant();
        const { org: other } = await tenant();
        const ids = await store.organizationIds();
        expect(ids).toContain(org.orgId);
        expect(ids.indexOf(org.orgId)).toBeLessThan(ids.indexOf(other.orgId));
      });

      it('creates a user with an organisation they own, both or neither', async () => {
        const { user, org } = await store.createUserWithOrganization(
          { email: `both${++n}@example.com` },
          'Both',
        );
        expect(await store.organizationsOf(user.id)).toEqual([{ org, role: 'owner' }]);
        await rejects(
          store.createUserWithOrganization({ email: `BOTH${n}@example.com` }, 'Twice'),
          'conflict',
        );
        const names = await rowsOf(
          store,
          sql`select count(*)::int as n from organizations where name = 'Twice'`,
        );
        expect(names[0]!.n).toBe(0);
      });

      it('refuses a scope that is not an organisation id', () => {
        expect(() => store.forOrg('1 or 1=1')).toThrow(StoreError);
      });
    });

    describe('one-time codes and refresh tokens', () => {
      it('keeps only the newest code alive, counts guesses up to a limit, spends a code once', async () => {
        const user = await store.users.create({ email: `otp${++n}@example.com` });
        const later = new Date(Date.now() + 600_000);
        const first = (await store.otpCodes.issue({
          userId: user.id,
          purpose: 'email_verification',
          codeHash: 'h1',
          expiresAt: later,
        }))!;
        const second = (await store.otpCodes.issue({
          userId: user.id,
          purpose: 'email_verification',
          codeHash: 'h2',
          expiresAt: later,
        }))!;
        expect((await store.otpCodes.active(user.id, 'email_verification'))?.id).toBe(second.id);
        expect(await store.otpCodes.countAttempt(first.id, 5)).toBe(false);
        expect(
          await store.otpCodes.countSince(user.id, 'email_verification', new Date(Date.now() - 60_000)),
        ).toBe(2);
        expect(await store.otpCodes.active(user.id, 'password_reset')).toBeNull();
        for (let i = 0; i < 2; i++) expect(await store.otpCodes.countAttempt(second.id, 2)).toBe(true);
        expect(await store.otpCodes.countAttempt(second.id, 2)).toBe(false);
        expect(await store.otpCodes.consume(second.id)).toBe(true);
        expect(await store.otpCodes.consume(second.id)).toBe(false);
        expect(await store.otpCodes.active(user.id, 'email_verification')).toBeNull();
        const expired = (await store.otpCodes.issue({
          userId: user.id,
          purpose: 'email_verification',
          codeHash: 'h3',
          expiresAt: new Date(Date.now() - 1000),
        }))!;
        expect(expired.id).toBeTruthy();
        expect(await store.otpCodes.active(user.id, 'email_verification')).toBeNull();
      });

      it('issues at most `max` codes in a window, even when asked in parallel', async () => {
        const user = await store.users.create({ email: `limit${++n}@example.com` });
        const limit = { max: 3, since: new Date(Date.now() - 300_000) };
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.otpCodes.issue(
              {
                userId: user.id,
                purpose: 'email_verification',
                codeHash: `p${i}`,
                expiresAt: new Date(Date.now() + 600_000),
              },
              limit,
            ),
          ),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(3);
        expect(await store.otpCodes.countSince(user.id, 'email_verification', limit.since)).toBe(3);
      });

      it('rotates a refresh token once; presenting a spent one revokes the whole family', async () => {
        const user = await store.users.create({ email: `refresh${++n}@example.com` });
        const later = new Date(Date.now() + 86_400_000);
        const first = await store.refreshTokens.create({
          userId: user.id,
          tokenHash: `a${n}`,
          expiresAt: later,
        });
        const other = await store.refreshTokens.create({
          userId: user.id,
          tokenHash: `z${n}`,
          expiresAt: later,
        });
        expect(other.familyId).not.toBe(first.familyId);
        const rotated = await store.refreshTokens.rotate(`a${n}`, { tokenHash: `b${n}`, expiresAt: later });
        expect(rotated).toEqual({ status: 'rotated', userId: user.id, familyId: first.familyId });
        expect(
          await store.refreshTokens.rotate(`a${n}`, { tokenHash: `c${n}`, expiresAt: later }),
        ).toMatchObject({
          status: 'reused',
        });
        expect(await store.refreshTokens.rotate(`b${n}`, { tokenHash: `d${n}`, expiresAt: later })).toEqual({
          status: 'revoked',
        });
        expect(await store.refreshTokens.rotate('nothing', { tokenHash: `e${n}`, expiresAt: later })).toEqual(
          {
            status: 'unknown',
          },
        );
        // another family of the same user is untouched
        expect(
          await store.refreshTokens.rotate(`z${n}`, { tokenHash: `y${n}`, expiresAt: later }),
        ).toMatchObject({
          status: 'rotated',
        });
        // a logout revokes the family of the token it names
        expect(await store.refreshTokens.revokeFamilyOf(`y${n}`)).toBe(true);
        expect(await store.refreshTokens.rotate(`y${n}`, { tokenHash: `x${n}`, expiresAt: later })).toEqual({
          status: 'revoked',
        });
        expect(await store.refreshTokens.revokeFamilyOf('nothing')).toBe(false);
        await store.refreshTokens.create({
          userId: user.id,
          tokenHash: `old${n}`,
          expiresAt: new Date(Date.now() - 1),
        });
        expect(await store.refreshTokens.rotate(`old${n}`, { tokenHash: `f${n}`, expiresAt: later })).toEqual(
          {
            status: 'expired',
          },
        );
      });
    });

    describe('projects', () => {
      it('creates, lists, gets, updates and deletes', async () => {
        const { org } = await tenant();
        const a = await org.projects.create({ name: 'payments', environment: 'prod' });
        const b = await org.projects.create({ name: 'sandbox' });
        expect(b.environment).toBe('dev');
        expect((await org.projects.list()).map((p) => p.name)).toEqual(['payments', 'sandbox']);
        expect((await org.projects.get(a.id))?.name).toBe('payments');
        const renamed = await org.projects.update(a.id, { name: 'billing', environment: 'staging' });
        expect([renamed?.name, renamed?.environment]).toEqual(['billing', 'staging']);
        expect(await org.projects.delete(b.id)).toBe(true);
        expect(await org.projects.delete(b.id)).toBe(false);
        expect(await org.projects.get(b.id)).toBeNull();
        expect(await org.projects.count()).toBe(1);
        expect(await org.projects.get('nope')).toBeNull();
      });
    });

    describe('policy versions', () => {
      it('keeps every version with author and time, newest first, and rolls back by saving anew', async () => {
        const { userId, org } = await tenant();
        const p = await org.projects.create({ name: 'api' });
        expect(await org.policies.latest(p.id)).toBeNull();
        for (const text of ['version: 1\n# a', 'version: 1\n# b', 'version: 1\n# c'])
          await org.policies.save(p.id, { yaml: text, authorId: userId });
        const history = await org.policies.history(p.id);
        expect(history.map((v) => v.version)).toEqual([3, 2, 1]);
        expect(history[0]!.authorId).toBe(userId);
        expect(history[0]!.createdAt).toBeInstanceOf(Date);
        const back = await org.policies.rollback(p.id, 1, userId);
        expect([back.version, back.yaml, back.comment]).toEqual([
          4,
          'version: 1\n# a',
          'rollback to version 1',
        ]);
        expect((await org.policies.latest(p.id))?.version).toBe(4);
        await rejects(org.policies.rollback(p.id, 99), 'not_found');
      });

      it('numbers concurrent saves without gaps or clashes', async () => {
        const { org } = await tenant();
        const p = await org.projects.create({ name: 'busy' });
        await Promise.all([1, 2, 3, 4, 5].map((i) => org.policies.save(p.id, { yaml: `# ${i}` })));
        expect((await org.policies.history(p.id)).map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
      });
    });

    describe('api keys', () => {
      it('shows the key once, stores only its SHA-256, finds it by hash, touches and revokes it', async () => {
        const { userId, org } = await tenant();
        const p = await org.projects.create({ name: 'gw' });
        const { key, apiKey } = await org.apiKeys.create(p.id, { name: 'laptop', createdBy: userId });
        expect(key).toMatch(/^mcps_[A-Za-z0-9_-]{32}$/);
        const hash = createHash('sha256').update(key).digest('hex');
        expect(apiKey.keyHash).toBe(hash);
        expect(apiKey.prefix).toBe(key.slice(0, 13));
        expect(JSON.stringify(await org.apiKeys.list())).not.toContain(key);
        const found = await store.findApiKeyByHash(hash);
        expect([found?.id, found?.orgId, found?.projectId]).toEqual([apiKey.id, org.orgId, p.id]);
        expect(found?.lastUsedAt).toBeNull();
        await org.apiKeys.touch(apiKey.id, at('2026-05-01T10:00:00Z'));
        expect((await org.apiKeys.get(apiKey.id))?.lastUsedAt).toEqual(at('2026-05-01T10:00:00Z'));
        expect(await org.apiKeys.revoke(apiKey.id)).toBe(true);
        expect(await store.findApiKeyByHash(hash)).toBeNull();
        expect((await org.apiKeys.list(p.id))[0]?.revokedAt).toBeInstanceOf(Date);
        expect(await org.apiKeys.revoke('00000000-0000-4000-8000-000000000000')).toBe(false);
      });
    });

    describe('audit events', () => {
      it('ingests idempotently by event id and says how many were new', async () => {
        const { org } = await tenant();
        const batch = [1, 2, 3].map((i) => event(`e${i}`, `2026-05-01T10:00:0${i}Z`));
        expect(await org.audit.insertBatch(batch)).toEqual({ inserted: 3 });
        expect(await org.audit.insertBatch(batch)).toEqual({ inserted: 0 });
        expect(
          await org.audit.insertBatch([
            event('e3', '2026-05-01T10:00:03Z'),
            event('e4', '2026-05-01T10:00:04Z'),
            event('e4', '2026-05-01T10:00:04Z'),
          ]),
        ).toEqual({ inserted: 1 });
        expect(await org.audit.count()).toBe(4);
        expect(await org.audit.insertBatch([])).toEqual({ inserted: 0 });
      });

      it('pages newest first with a cursor, ties broken by id, nothing lost or repeated', async () => {
        const { org } = await tenant();
        const events = Array.from({ length: 25 }, (_, i) =>
          // pairs of events share a timestamp, so the order must not rest on time alone
          event(`p${i}`, new Date(Date.UTC(2026, 4, 1, 12, 0, Math.floor(i / 2))).toISOString()),
        );
        await org.audit.insertBatch(events);
        const seen: string[] = [];
        const times: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<typeof org.audit.list>> = await org.audit.list(
            {},
            { limit: 10, cursor },
          );
          seen.push(...page.items.map((e) => e.eventId));
          times.push(...page.items.map((e) => e.timestamp.getTime()));
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        expect(pages).toBe(3);
        expect(new Set(seen).size).toBe(25);
        expect(times).toEqual([...times].sort((a, b) => b - a));
        await rejects(org.audit.list({}, { cursor: 'garbage' }), 'invalid');
      });

      it('filters by date range, decision, project, server, tool and rule', async () => {
        const { org } = await tenant();
        const p1 = await org.projects.create({ name: 'one' });
        const p2 = await org.projects.create({ name: 'two' });
        await org.audit.insertBatch([
          event('f1', '2026-05-01T00:00:00Z', { projectId: p1.id, serverName: 'fs', toolName: 'read_file' }),
          event('f2', '2026-05-02T00:00:00Z', {
            projectId: p1.id,
            serverName: 'fs',
            toolName: 'write_file',
            decision: 'deny',
            rule: 'no-writes',
          }),
          event('f3', '2026-05-03T00:00:00Z', {
            projectId: p2.id,
            serverName: 'web',
            toolName: 'fetch',
            decision: 'deny',
            rule: 'ssrf',
          }),
          event('f4', '2026-05-04T00:00:00Z', { projectId: p2.id, serverName: 'web', toolName: 'fetch' }),
        ]);
        const ids = async (f: Parameters<typeof org.audit.list>[0]) =>
          (await org.audit.list(f)).items.map((e) => e.eventId);
        expect(await ids({})).toEqual(['f4', 'f3', 'f2', 'f1']);
        expect(await ids({ decision: 'deny' })).toEqual(['f3', 'f2']);
        expect(await ids({ projectId: p1.id })).toEqual(['f2', 'f1']);
        expect(await ids({ serverName: 'web', decision: 'allow' })).toEqual(['f4']);
        expect(await ids({ toolName: 'write_file' })).toEqual(['f2']);
        expect(await ids({ rule: 'ssrf' })).toEqual(['f3']);
        expect(await ids({ from: at('2026-05-02T00:00:00Z'), to: at('2026-05-04T00:00:00Z') })).toEqual([
          'f3',
          'f2',
        ]);
        expect(await ids({ projectId: 'bad' })).toEqual([]);
      });

      it('says which event ids were new', async () => {
        const { org } = await tenant();
        await org.audit.insertNew([event('n1', '2026-05-01T10:00:00Z')]);
        const added = await org.audit.insertNew([
          event('n1', '2026-05-01T10:00:00Z'),
          event('n2', '2026-05-01T10:00:01Z'),
          event('n3', '2026-05-01T10:00:02Z'),
        ]);
        expect(added.sort()).toEqual(['n2', 'n3']);
      });

      it('counts allowed and denied events per UTC day', async () => {
        const { org } = await tenant();
        await org.audit.insertBatch([
          event('d1', '2026-05-01T00:00:00Z'),
          event('d2', '2026-05-01T23:59:59Z', { decision: 'deny' }),
          event('d3', '2026-05-01T12:00:00Z'),
          event('d4', '2026-05-03T08:00:00Z', { decision: 'deny' }),
          event('d5', '2026-05-04T00:00:00Z'), // the range ends before it
          event('d6', '2026-04-30T23:59:59Z'), // and starts after it
        ]);
        expect(
          await org.audit.dailyDecisions({
            from: at('2026-05-01T00:00:00Z'),
            to: at('2026-05-04T00:00:00Z'),
          }),
        ).toEqual([
          { day: '2026-05-01', allowed: 2, denied: 1 },
          { day: '2026-05-03', allowed: 0, denied: 1 },
        ]);
      });

      it('prunes events older than the retention', async () => {
        const { org } = await tenant();
        await org.audit.insertBatch([
          event('old', '2026-01-01T00:00:00Z'),
          event('edge', '2026-03-02T00:00:01Z'),
          event('new', '2026-03-30T00:00:00Z'),
        ]);
        expect(await org.audit.prune(30, at('2026-04-01T00:00:00Z'))).toBe(1);
        expect((await org.audit.list()).items.map((e) => e.eventId)).toEqual(['new', 'edge']);
      });

      it('keeps the trail of a deleted project, while its keys and policies go with it', async () => {
        const { org } = await tenant();
        const p = await org.projects.create({ name: 'gone' });
        await org.policies.save(p.id, { yaml: '# x' });
        const { apiKey } = await org.apiKeys.create(p.id, { name: 'k' });
        await org.audit.insertBatch([event('kept', '2026-05-01T00:00:00Z', { projectId: p.id })]);
        await org.projects.delete(p.id);
        expect(await org.policies.history(p.id)).toEqual([]);
        expect(await org.apiKeys.get(apiKey.id)).toBeNull();
        expect((await org.audit.list({ projectId: p.id })).items.map((e) => e.eventId)).toEqual(['kept']);
      });
    });

    describe('usage', () => {
      it('counts per month and metric', async () => {
        const { org } = await tenant();
        expect(await org.usage.increment('events', 2, at('2026-05-31T23:59:59Z'))).toBe(2);
        expect(await org.usage.increment('events', 3, at('2026-05-01T00:00:00Z'))).toBe(5);
        await org.usage.increment('inspect_calls', 1, at('2026-05-10T00:00:00Z'));
        await org.usage.increment('events', 7, at('2026-06-01T00:00:00Z'));
        expect(await org.usage.month('2026-05')).toEqual({ events: 5, inspect_calls: 1 });
        expect(await org.usage.month('2026-06')).toEqual({ events: 7 });
        await rejects(org.usage.increment('events', -1), 'invalid');
      });
    });

    describe('inventory, alerts, plans and scans', () => {
      const server = (fingerprint: string, riskScore: number) => ({
        fingerprint,
        name: fingerprint,
        client: 'cursor',
        transport: 'stdio',
        riskScore,
        riskLevel: riskScore >= 60 ? ('high' as const) : ('low' as const),
        riskFactors: [{ id: 'shell', points: riskScore }],
        config: { command: 'npx', env: { TOKEN: '<redacted>' } },
      });

      it("records agent reports, telling each server's score before the report", async () => {
        const { org } = await tenant();
        const first = await org.inventory.report({
          hostname: 'laptop-1',
          os: 'linux',
          servers: [server('fs', 20)],
        });
        expect(first.servers.map((s) => [s.server.name, s.previousScore])).toEqual([['fs', null]]);
        const second = await org.inventory.report({
          hostname: 'laptop-1',
          os: 'linux',
          agentVersion: '0.2.0',
          servers: [server('fs', 45), server('shell', 80)],
        });
        expect(second.agent.id).toBe(first.agent.id);
        expect(second.servers.map((s) => [s.server.name, s.server.riskScore, s.previousScore])).toEqual([
          ['fs', 45, 20],
          ['shell', 80, null],
        ]);
        expect((await org.inventory.agents()).map((a) => [a.hostname, a.agentVersion])).toEqual([
          ['laptop-1', '0.2.0'],
        ]);
        const inventory = await org.inventory.servers();
        expect(inventory.map((s) => s.name)).toEqual(['shell', 'fs']);
        expect(inventory[0]!.riskFactors).toEqual([{ id: 'shell', points: 80 }]);
        expect(inventory[0]!.config).toEqual({ command: 'npx', env: { TOKEN: '<redacted>' } });
      });

      it('raises, lists and resolves alerts', async () => {
        const { userId, org } = await tenant();
        const { servers } = await org.inventory.report({
          hostname: 'h',
          os: 'darwin',
          servers: [server('shell', 90)],
        });
        const alert = await org.alerts.create({
          kind: 'risky_server',
          severity: 'high',
          title: 'new server scoring 90',
          serverId: servers[0]!.server.id,
        });
        expect((await org.alerts.list({ open: true })).map((a) => a.id)).toEqual([alert.id]);
        const resolved = await org.alerts.resolve(alert.id, userId);
        expect([resolved?.resolvedBy, resolved?.resolvedAt instanceof Date]).toEqual([userId, true]);
        expect(await org.alerts.list({ open: true })).toEqual([]);
        expect((await org.alerts.list({ open: false })).length).toBe(1);
      });

      it('applies a report id once, tells changed servers, and counts reports', async () => {
        const { org } = await tenant();
        const first = await org.inventory.report({
          hostname: 'h1',
          os: 'linux',
          reportId: 'report-a',
          servers: [server('fs', 20), server('git', 10)],
        });
        expect(first.duplicate).toBe(false);
        const again = await org.inventory.report({
          hostname: 'h1',
          os: 'linux',
          reportId: 'report-a',
          servers: [server('fs', 99)],
        });
        expect(again).toMatchObject({ duplicate: true, servers: [] });
        expect((await org.inventory.servers()).find((s) => s.name === 'fs')?.riskScore).toBe(20);
        const next = await org.inventory.report({
          hostname: 'h1',
          os: 'linux',
          reportId: 'report-b',
          servers: [server('fs', 35), server('git', 10)],
        });
        expect(next.servers.map((s) => [s.server.name, s.changed])).toEqual([
          ['fs', true],
          ['git', false],
        ]);
        expect(await org.inventory.reportCount()).toBe(2);
        expect(await org.inventory.reportCount(first.agent.id)).toBe(2);
        expect(await org.inventory.reportCount('not-a-uuid')).toBe(0);
        const listed = await org.inventory.list({ q: 'F', level: 'low' });
        expect(listed.map((r) => [r.server.name, r.agent?.hostname])).toEqual([['fs', 'h1']]);
        expect(await org.inventory.list({ q: '%' })).toEqual([]);
        expect(await org.summary.serversByLevel()).toEqual({ low: 2, medium: 0, high: 0, critical: 0 });
        expect(await org.summary.agentsSeenSince(new Date(Date.now() - 60_000))).toBe(1);
      });

      it('raises one open alert per dedup key, again once resolved, and keeps channels', async () => {
        const { userId, org } = await tenant();
        const alert = { kind: 'rug-pull', severity: 'critical' as const, title: 't', dedupKey: 'rug:x' };
        const first = await org.alerts.raise(alert);
        expect(first?.dedupKey).toBe('rug:x');
        expect(await org.alerts.raise(alert)).toBeNull();
        await org.alerts.resolve(first!.id, userId);
        const second = await org.alerts.raise(alert);
        expect(second?.id).not.toBe(first!.id);
        await rejects(org.alerts.reopen(first!.id), 'conflict');
        expect(await org.alerts.openBySeverity()).toEqual({ critical: 1 });
        expect((await org.alerts.list({ severity: 'critical', open: false })).map((a) => a.id)).toEqual([
          first!.id,
        ]);

        const mail = await org.alertChannels.create({ kind: 'email', target: 'a@example.test' });
        const hook = await org.alertChannels.create({
          kind: 'webhook',
          target: 'https://hooks.example.test/x',
          secret: 'whsec_test',
        });
        expect((await org.alertChannels.list()).map((c) => [c.kind, c.secret])).toEqual([
          ['email', null],
          ['webhook', 'whsec_test'],
        ]);
        const other = await tenant();
        expect(await other.org.alertChannels.list()).toEqual([]);
        expect(await other.org.alertChannels.delete(hook.id)).toBe(false);
        expect(await other.org.alerts.raise(alert)).not.toBeNull();
        expect(await org.alertChannels.delete(mail.id)).toBe(true);
        expect((await org.alertChannels.list()).map((c) => c.id)).toEqual([hook.id]);
      });

      it('is on the free plan until it subscribes', async () => {
        const { org } = await tenant();
        expect(await org.billing.subscription()).toBeNull();
        expect(await org.billing.plan()).toMatchObject({
          id: 'free',
          monthlyEvents: 10000,
          maxProjects: 1,
          retentionDays: 30,
        });
        await org.billing.subscribe('pro');
        expect(await org.billing.plan()).toMatchObject({ id: 'pro', maxProjects: null, retentionDays: 90 });
        await org.billing.subscribe('enterprise');
        expect((await org.billing.subscription())?.planId).toBe('enterprise');
        await rejects(org.billing.subscribe('platinum'), 'not_found');
      });

      it('keeps scan results per target, newest first', async () => {
        const { org } = await tenant();
        const report = { findings: [] };
        await org.scans.save({ target: 'npx srv', score: 70, grade: 'C', findingsCount: 4, report });
        await org.scans.save({ target: 'npx srv', score: 90, grade: 'A', findingsCount: 1, report });
        await org.scans.save({ target: 'https://x', score: 50, grade: 'D', report });
        expect((await org.scans.list({ target: 'npx srv' })).map((s) => s.score)).toEqual([90, 70]);
        expect((await org.scans.list()).length).toBe(3);
      });
    });

    describe('tenant isolation', () => {
      it('org B sees and touches none of org A', async () => {
        const a = await tenant();
        const b = await tenant();
        const project = await a.org.projects.create({ name: 'secret' });
        await a.org.policies.save(project.id, { yaml: '# a' });
        const { apiKey } = await a.org.apiKeys.create(project.id, { name: 'a-key' });
        await a.org.audit.insertBatch([
          event('shared-id', '2026-05-01T00:00:00Z', { projectId: project.id }),
        ]);
        await a.org.usage.increment('events', 5, at('2026-05-01T00:00:00Z'));

        expect(await b.org.projects.list()).toEqual([]);
        expect(await b.org.projects.get(project.id)).toBeNull();
        expect(await b.org.projects.update(project.id, { name: 'mine' })).toBeNull();
        expect(await b.org.projects.delete(project.id)).toBe(false);
        expect(await b.org.policies.history(project.id)).toEqual([]);
        expect(await b.org.policies.latest(project.id)).toBeNull();
        await rejects(b.org.policies.save(project.id, { yaml: '# b' }), 'not_found');
        await rejects(b.org.policies.rollback(project.id, 1), 'not_found');
        expect(await b.org.apiKeys.list()).toEqual([]);
        expect(await b.org.apiKeys.get(apiKey.id)).toBeNull();
        expect(await b.org.apiKeys.revoke(apiKey.id)).toBe(false);
        await rejects(b.org.apiKeys.create(project.id, { name: 'b-key' }), 'not_found');
        expect((await b.org.audit.list()).items).toEqual([]);
        expect((await b.org.audit.list({ projectId: project.id })).items).toEqual([]);
        await rejects(
          b.org.audit.insertBatch([event('x', '2026-05-01T00:00:00Z', { projectId: project.id })]),
          'not_found',
        );
        expect(await b.org.audit.prune(0)).toBe(0);
        expect(await b.org.usage.month('2026-05')).toEqual({});
        expect(await b.org.organization.roleOf(a.userId)).toBeNull();
        expect(await b.org.organization.setRole(a.userId, 'viewer')).toBe(false);
        expect(await b.org.organization.removeMember(a.userId)).toBe(false);
        const { servers } = await a.org.inventory.report({
          hostname: 'a-host',
          os: 'linux',
          servers: [{ fingerprint: 'f', name: 'f', riskScore: 70, riskLevel: 'high' }],
        });
        const alert = await a.org.alerts.create({ kind: 'k', severity: 'low', title: 't' });
        await a.org.scans.save({ target: 't', score: 1, grade: 'F', report: {} });
        await a.org.billing.subscribe('pro');
        expect(await b.org.inventory.agents()).toEqual([]);
        expect(await b.org.inventory.servers()).toEqual([]);
        expect(await b.org.alerts.list()).toEqual([]);
        expect(await b.org.alerts.get(alert.id)).toBeNull();
        expect(await b.org.alerts.resolve(alert.id, b.userId)).toBeNull();
        await rejects(
          b.org.alerts.create({ kind: 'k', severity: 'low', title: 't', serverId: servers[0]!.server.id }),
          'not_found',
        );
        await rejects(
          b.org.alerts.create({ kind: 'k', severity: 'low', title: 't', projectId: project.id }),
          'not_found',
        );
        await rejects(
          b.org.scans.save({ target: 't', score: 1, grade: 'F', report: {}, projectId: project.id }),
          'not_found',
        );
        expect(await b.org.scans.list()).toEqual([]);
        expect((await b.org.billing.plan()).id).toBe('free');
        // the same hostname in another organisation is another agent
        await b.org.inventory.report({ hostname: 'a-host', os: 'linux', servers: [] });
        expect((await a.org.inventory.agents()).length).toBe(1);

        // the same event id in another organisation is another event
        expect(await b.org.audit.insertBatch([event('shared-id', '2026-05-01T00:00:00Z')])).toEqual({
          inserted: 1,
        });
        // and org A still has all of its own
        expect((await a.org.projects.get(project.id))?.name).toBe('secret');
        expect((await a.org.apiKeys.get(apiKey.id))?.revokedAt).toBeNull();
        expect(await a.org.audit.count()).toBe(1);
        expect(await a.org.organization.roleOf(a.userId)).toBe('owner');
      });
    });
  });
}
