import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { ROOT } from '../support/source.js';
import { call, signUp, type Member } from './support/api.js';
import { agentKey, discovered, postReport, reportBody } from './support/inventory.js';

/** A database for one run of the story: no `url` is PGlite in memory. */
type Database = () => Promise<{ url?: string; drop(): Promise<void> }>;

inventoryStory('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) inventoryStory('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

const KEV_FIXTURE = join(ROOT, 'test/fixtures/kev/catalog.json');

function inventoryStory(name: string, database: Database) {
  describe(`mcpshield up: agents report, the inventory and its alerts (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let server: RunningServer;
    let ada: Member;
    let key: string;
    const kinds = (alerts: { kind: string }[]) => alerts.map((a) => a.kind).sort();

    beforeAll(async () => {
      db = await database();
      server = await startServer({
        host: '127.0.0.1',
        port: 0,
        memory: true,
        env: { MCPSHIELD_KEV_FILE: KEV_FIXTURE, ...(db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {}) },
      });
      ada = await signUp(server.url);
      key = await agentKey(ada);
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it('stores a report and raises the alert for a new server scoring 60 or more', async () => {
      const res = await postReport(
        server.url,
        key,
        reportBody([discovered('shell', 70, { env: ['GITHUB_TOKEN'] }), discovered('notes', 20)]),
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ duplicate: false, servers: 2, new: 2, changed: 0 });
      expect(res.body.alerts).toHaveLength(1);
      expect(res.body.alerts[0]).toMatchObject({
        kind: 'new-risky-server',
        severity: 'high',
        status: 'open',
        details: { server: 'shell', score: 70, hostname: 'ada-laptop' },
      });

      const listed = await ada.call('GET', '/api/mcp/servers');
      expect(listed.status, listed.text).toBe(200);
      const shell = listed.body.items.find((s: { name: string }) => s.name === 'shell');
      expect(shell).toMatchObject({
        client: 'cursor',
        risk_score: 70,
        risk_level: 'high',
        risk_factors: [{ id: 'shell-access', points: 70 }],
        agent_hostname: 'ada-laptop',
        config: { env: ['GITHUB_TOKEN'], args: ['shell.js'], configPath: '/home/ada/.cursor/mcp.json' },
        flags: { kev: [], advisories: [] },
      });
      expect(typeof shell.first_seen_at).toBe('string');
      const agents = await ada.call('GET', '/api/agents');
      expect(agents.body.items).toEqual([
        expect.objectContaining({ hostname: 'ada-laptop', os: 'linux', agent_version: '0.1.0' }),
      ]);
    });

    it('raises nothing again for a replayed report, with or without its report id', async () => {
      const servers = [discovered('shell', 70, { env: ['GITHUB_TOKEN'] }), discovered('notes', 20)];
      const again = await postReport(server.url, key, reportBody(servers));
      expect(again.body).toMatchObject({ servers: 2, new: 0, changed: 0, alerts: [] });

      const first = await postReport(server.url, key, reportBody(servers, {}, 'report-0001'));
      expect(first.body).toMatchObject({ duplicate: false, new: 0 });
      const replayed = await postReport(server.url, key, reportBody(servers, {}, 'report-0001'));
      expect(replayed.body).toMatchObject({ duplicate: true, servers: 0, alerts: [] });
      expect((await ada.call('GET', '/api/alerts')).body.items).toHaveLength(1);
    });

    it('raises a rise of more than 10 points, not one of 10', async () => {
      const ten = await postReport(server.url, key, reportBody([discovered('notes', 30)]));
      expect(ten.body).toMatchObject({ new: 0, changed: 1, alerts: [] });
      const eleven = await postReport(server.url, key, reportBody([discovered('notes', 41)]));
      expect(eleven.body).toMatchObject({ new: 0, changed: 1 });
      expect(eleven.body.alerts).toEqual([
        expect.objectContaining({
          kind: 'risk-rise',
          severity: 'medium',
          details: expect.objectContaining({ from: 30, to: 41 }),
        }),
      ]);
      const replay = await postReport(server.url, key, reportBody([discovered('notes', 41)]));
      expect(replay.body).toMatchObject({ changed: 0, alerts: [] });
    });

    it('flags servers from the KEV catalog and the advisories, and raises them once', async () => {
      const res = await postReport(
        server.url,
        key,
        reportBody(
          [
            discovered('evil', 10, { command: 'npx', args: ['-y', 'evil-mcp-server@1.0.0'] }),
            discovered('remote', 10, { command: 'npx', args: ['-y', 'mcp-remote@0.1.0', 'https://x.test'] }),
            discovered('fs', 10, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'] }),
          ],
          { hostname: 'bob-desktop', fingerprint: 'host-fingerprint-2' },
        ),
      );
      expect(res.status, res.text).toBe(200);
      expect(kinds(res.body.alerts)).toEqual(['known-vulnerable', 'known-vulnerable']);

      const list = (await ada.call('GET', '/api/mcp/servers')).body.items as {
        name: string;
        flags: { kev: { cve: string; matched_by: string }[]; advisories: { id: string; status: string }[] };
      }[];
      const byName = Object.fromEntries(list.map((s) => [s.name, s.flags]));
      expect(byName.evil!.kev).toEqual([
        expect.objectContaining({ cve: 'CVE-2099-0001', matched_by: 'product', package: 'evil-mcp-server' }),
      ]);
      expect(byName.remote!.kev).toEqual([
        expect.objectContaining({ cve: 'CVE-2025-6514', matched_by: 'advisory' }),
      ]);
      expect(byName.remote!.advisories).toEqual([
        expect.objectContaining({ id: 'CVE-2025-6514', status: 'affected', version: '0.1.0' }),
      ]);
      // unpinned: flagged as possible, not raised
      expect(byName.fs!.kev).toEqual([]);
      expect(byName.fs!.advisories.length).toBeGreaterThan(0);
      expect(byName.fs!.advisories.every((a) => a.status === 'unpinned')).toBe(true);

      const replay = await postReport(
        server.url,
        key,
        reportBody(
          [
            discovered('evil', 10, { command: 'npx', args: ['-y', 'evil-mcp-server@1.0.0'] }),
            discovered('remote', 10, { command: 'npx', args: ['-y', 'mcp-remote@0.1.0', 'https://x.test'] }),
          ],
          { hostname: 'bob-desktop', fingerprint: 'host-fingerprint-2' },
        ),
      );
      expect(replay.body.alerts).toEqual([]);
    });

    it('filters the inventory by level, client, agent and name, newest seen first', async () => {
      const all = (await ada.call('GET', '/api/mcp/servers')).body.items as {
        name: string;
        agent_id: string;
        agent_hostname: string;
      }[];
      // bob-desktop reported last
      expect(all[0]!.agent_hostname).toBe('bob-desktop');
      expect(all.map((s) => s.name).sort()).toEqual(['evil', 'fs', 'notes', 'remote', 'shell']);
      const high = await ada.call('GET', '/api/mcp/servers?level=high');
      expect(high.body.items.map((s: { name: string }) => s.name)).toEqual(['shell']);
      const bob = all.find((s) => s.agent_hostname === 'bob-desktop')!.agent_id;
      const ofBob = await ada.call('GET', `/api/mcp/servers?agent_id=${bob}`);
      expect(ofBob.body.items.map((s: { name: string }) => s.name).sort()).toEqual(['evil', 'fs', 'remote']);
      expect((await ada.call('GET', '/api/mcp/servers?q=SHE')).body.items).toHaveLength(1);
      expect((await ada.call('GET', '/api/mcp/servers?q=%25')).body.items).toHaveLength(0);
      expect((await ada.call('GET', '/api/mcp/servers?client=vscode')).body.items).toHaveLength(0);
      expect((await ada.call('GET', '/api/mcp/servers?agent_id=nope')).body.items).toHaveLength(0);
      const bad = await ada.call('GET', '/api/mcp/servers?level=severe');
      expect(bad.status).toBe(422);
      expect(bad.body.error.field).toBe('level');
    });

    it('refuses env values, reports without a key, and keeps organisations apart', async () => {
      const withValues = reportBody([discovered('leaky', 10)]);
      (withValues.inventory.servers[0] as { env: unknown }).env = { TOKEN: 'secret-value' };
      const refused = await postReport(server.url, key, withValues);
      expect(refused.status).toBe(422);
      expect(refused.body.error.field).toBe('inventory.servers.0.env');
      expect((await postReport(server.url, 'mcps_nope', reportBody([]))).status).toBe(401);
      expect((await call(server.url, 'GET', '/api/mcp/servers')).status).toBe(401);

      const eve = await signUp(server.url);
      expect((await eve.call('GET', '/api/mcp/servers')).body.items).toEqual([]);
      expect((await eve.call('GET', '/api/agents')).body.items).toEqual([]);
      expect((await eve.call('GET', '/api/alerts')).body.items).toEqual([]);
      const adaAlert = (await ada.call('GET', '/api/alerts')).body.items[0];
      expect((await eve.call('PATCH', `/api/alerts/${adaAlert.id}`, { status: 'resolved' })).status).toBe(
        404,
      );
      const other = await ada.call('GET', '/api/mcp/servers', undefined, { 'x-organization-id': eve.orgId });
      expect(other.status).toBe(404);
    });

    it('summarises servers, alerts and agents on the dashboard', async () => {
      const res = await ada.call('GET', '/api/dashboard');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        projects: 1,
        servers_by_level: { low: 3, medium: 1, high: 1, critical: 0 },
        open_alerts: { info: 0, low: 0, medium: 1, high: 1, critical: 2 },
        agents_seen_24h: 2,
        events: { allowed: 0, denied: 0, total: 0 },
        recent_denials: [],
      });
    });
  });
}
