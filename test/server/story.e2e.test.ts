import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { call, freshEmail, signUp, type Member } from './support/api.js';
import { startMailCatcher } from './support/mail-catcher.js';
import { stop, up, type Up } from './support/up.js';

/** A gateway's audit line, as `mcpshield proxy --audit` writes it. */
function gatewayEvent(tool: string, decision: 'allow' | 'deny', rule: string) {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    client: 'claude-desktop',
    server: 'fs',
    method: 'tools/call',
    tool,
    phase: decision === 'deny' ? 'request' : 'response',
    decision,
    rules: [rule],
    findings: [],
    latency_ms: 1.5,
    arguments: { path: '/srv/data/notes.txt' },
  };
}

/** An inventory as `mcpshield discover --format json` prints it, with one risky server. */
const inventory = {
  servers: [
    {
      client: 'claude-desktop',
      configPath: '/home/dev/.config/Claude/claude_desktop_config.json',
      name: 'shell',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', 'mcp-shell-server'],
      url: null,
      env: ['AWS_SECRET_ACCESS_KEY'],
      risk: {
        score: 75,
        level: 'high',
        factors: [
          { id: 'shell-access', points: 35, detail: 'runs shell commands' },
          { id: 'credential-env', points: 15, detail: 'AWS_SECRET_ACCESS_KEY' },
          { id: 'unpinned-npx', points: 25, detail: '`npx -y` of an unpinned package' },
        ],
      },
    },
  ],
  clients: [
    {
      client: 'claude-desktop',
      configPath: '/home/dev/.config/Claude/claude_desktop_config.json',
      status: 'ok',
    },
  ],
  errors: [],
};

const POLICY = `version: 1
name: story
default: deny
rules:
  - id: reads
    server: fs
    tool: read_file
    decision: allow
`;

story('PGlite under the data directory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) story('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

/** The control plane's whole story, over HTTP, against `mcpshield up` started as a user would start it. */
function story(name: string, database: () => Promise<{ url?: string; drop(): Promise<void> }>) {
  describe(`mcpshield up: the whole story (${name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-story-'));
    let db: Awaited<ReturnType<typeof database>>;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let server: Up;
    const children: ChildProcess[] = [];
    let ada: Member;
    let projectId: string;
    let key: string;
    let batch: ReturnType<typeof gatewayEvent>[];

    const start = async () => {
      server = await up(dir, {
        MCPSHIELD_SMTP_URL: mail.url,
        ...(db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {}),
      });
      children.push(server.child);
    };
    const machine = (method: string, path: string, body?: unknown, k = key) =>
      call(server.url, method, path, body, { 'x-api-key': k });

    beforeAll(async () => {
      mail = await startMailCatcher();
      db = await database();
      await start();
    });
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) await stop(child);
      await mail?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('registers with the code mailed over SMTP, verifies, logs in and refreshes', async () => {
      ada = await signUp(server.url, { email: freshEmail('ada'), codeFor: (email) => mail.codeFor(email) });
      const refreshed = await call(server.url, 'POST', '/api/auth/refresh', {
        refresh_token: ada.refreshToken,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.access_token).toEqual(expect.any(String));
      // the spent refresh token is refused, and revokes its family
      expect(
        (await call(server.url, 'POST', '/api/auth/refresh', { refresh_token: ada.refreshToken })).status,
      ).toBe(401);
    });

    it('creates a project, refuses a broken policy with its line, saves a good one, and makes a key', async () => {
      const project = await ada.call('POST', '/api/projects', { name: 'story', environment: 'prod' });
      expect(project.status).toBe(201);
      projectId = project.body.id;
      const broken = await ada.call('PUT', `/api/projects/${projectId}/policy`, {
        yaml: 'version: 1\nrules:\n  - decision: sometimes\n',
      });
      expect(broken.status).toBe(422);
      expect(broken.body.error.line).toBe(3);
      const saved = await ada.call('PUT', `/api/projects/${projectId}/policy`, { yaml: POLICY });
      expect(saved.status, saved.text).toBe(200);
      const made = await ada.call('POST', `/api/projects/${projectId}/keys`, { name: 'gateway' });
      expect(made.status).toBe(201);
      key = made.body.key;
    });

    it('decides with the project policy at /api/v1/inspect', async () => {
      const allowed = await machine('POST', '/api/v1/inspect', {
        server: 'fs',
        method: 'tools/call',
        params: { name: 'read_file', arguments: { path: '/srv/data/a.txt' } },
      });
      expect(allowed.status, allowed.text).toBe(200);
      expect(allowed.body).toMatchObject({ decision: 'allow', rules: ['rules[0]'] });
      const denied = await machine('POST', '/api/v1/inspect', {
        server: 'fs',
        method: 'tools/call',
        params: { name: 'write_file', arguments: { path: '/srv/data/a.txt', content: 'x' } },
      });
      expect(denied.body).toMatchObject({ decision: 'deny', rules: ['default'] });
      expect((await machine('POST', '/api/v1/inspect', { server: 'fs' }, 'mcps_not-a-key')).status).toBe(401);
    });

    it('ingests a batch twice and counts it once, and shows the decisions in /api/audits', async () => {
      batch = [
        gatewayEvent('read_file', 'allow', 'rules[0]'),
        gatewayEvent('delete_file', 'deny', 'default'),
      ];
      const first = await machine('POST', '/api/events/ingest', { events: batch });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({ received: 2, inserted: 2, duplicates: 0 });
      const again = await machine('POST', '/api/events/ingest', { events: batch });
      expect(again.body).toMatchObject({ received: 2, inserted: 0, duplicates: 2 });

      // eventually: inspect's decisions are written behind the answer
      await expect
        .poll(async () => (await ada.call('GET', '/api/audits?limit=100')).body.items.length, {
          timeout: 10_000,
        })
        .toBe(4);
      const audits = await ada.call('GET', '/api/audits?limit=100');
      for (const item of audits.body.items) expect(item).toMatchObject({ project_id: projectId });
      expect(audits.body.items.map((i: { tool_name: string }) => i.tool_name).sort()).toEqual([
        'delete_file',
        'read_file',
        'read_file',
        'write_file',
      ]);
      const denials = await ada.call('GET', '/api/audits?decision=deny&tool=delete_file');
      expect(denials.body.items).toHaveLength(1);
      expect(denials.body.items[0]).toMatchObject({ decision: 'deny', policy_rule_matched: 'default' });
      expect(Date.parse(denials.body.items[0].timestamp)).not.toBeNaN();
    });

    it('takes an inventory report and raises an alert for a risky server', async () => {
      const report = await machine('POST', '/api/agents/report', {
        host: {
          hostname: 'dev-laptop',
          os: 'linux',
          fingerprint: randomBytes(16).toString('hex'),
          agent_version: '0.1.0',
        },
        inventory,
      });
      expect(report.status, report.text).toBeLessThan(300);
      const servers = await ada.call('GET', '/api/mcp/servers');
      expect(servers.body.items.map((s: { name: string }) => s.name)).toEqual(['shell']);
      const alerts = await ada.call('GET', '/api/alerts');
      expect(alerts.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(alerts.body.items)).toContain('shell');
    });

    it('shows a second organisation none of it', async () => {
      const eve = await signUp(server.url, {
        email: freshEmail('eve'),
        codeFor: (email) => mail.codeFor(email),
      });
      for (const path of ['/api/projects', '/api/audits', '/api/mcp/servers', '/api/alerts']) {
        const res = await eve.call('GET', path);
        expect(res.status, path).toBe(200);
        expect(res.body.items, path).toEqual([]);
      }
      expect((await eve.call('GET', `/api/projects/${projectId}/policy`)).status).toBe(404);
    });

    it('keeps every row across a restart', async () => {
      expect(await stop(server.child)).toBe(0);
      await start();
      const relogin = await call(server.url, 'POST', '/api/auth/login', {
        email: ada.email,
        password: ada.password,
      });
      expect(relogin.status).toBe(200);
      const token = { authorization: `Bearer ${relogin.body.access_token}` };
      expect(
        (await call(server.url, 'GET', `/api/projects/${projectId}/policy`, undefined, token)).body.version,
      ).toBe(2);
      expect(
        (await call(server.url, 'GET', '/api/audits?limit=100', undefined, token)).body.items,
      ).toHaveLength(4);
      expect((await call(server.url, 'GET', '/api/mcp/servers', undefined, token)).body.items).toHaveLength(
        1,
      );
      // the key still works, and a batch replayed after the restart is still counted once
      const replay = await machine('POST', '/api/events/ingest', { events: batch });
      expect(replay.body).toMatchObject({ inserted: 0, duplicates: 2 });
    });
  });
}
