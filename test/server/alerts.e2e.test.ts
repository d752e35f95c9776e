import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { AuditEventInput } from '../../src/store/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { signUp, type Member } from './support/api.js';
import { appServer } from './support/app-server.js';
import { agentKey, discovered, postReport, reportBody } from './support/inventory.js';
import { startMailCatcher } from './support/mail-catcher.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/** A database for one run of the stories: no `url` is PGlite in memory. */
type Database = () => Promise<{ url?: string; drop(): Promise<void> }>;

alertStories('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) alertStories('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

type AlertItem = { id: string; kind: string; details: Record<string, unknown>; [k: string]: unknown };

/** Polls `GET /api/alerts` until `ready` holds of its items (fails after 10 s). */
async function alertsWhen(
  member: Member,
  ready: (items: AlertItem[]) => boolean,
  query = '',
): Promise<AlertItem[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const items = (await member.call('GET', `/api/alerts${query}`)).body.items as AlertItem[];
    if (ready(items)) return items;
    if (Date.now() > deadline) throw new Error(`alerts never matched: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function alertStories(name: string, database: Database) {
  describe(`mcpshield up: alert delivery and resolution (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let server: RunningServer;
    let ada: Member;
    let key: string;

    beforeAll(async () => {
      db = await database();
      mail = await startMailCatcher();
      // The first delivery fails with 503: the control plane tries again.
      hooks = await startWebhookReceiver([503]);
      server = await startServer({
        host: '127.0.0.1',
        port: 0,
        memory: true,
        env: {
          MCPSHIELD_SMTP_URL: mail.url,
          // the receivers of these tests listen on loopback
          MCPSHIELD_WEBHOOK_ALLOW_PRIVATE: '1',
          ...(db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {}),
        },
      });
      ada = await signUp(server.url, { codeFor: (email) => mail.codeFor(email) });
      key = await agentKey(ada);
    });
    afterAll(async () => {
      await server?.close();
      await hooks?.close();
      await mail?.close();
      await db?.drop();
    });

    let secret: string;
    it('manages channels: http(s) webhooks only, the secret shown once', async () => {
      const email = await ada.call('POST', '/api/alerts/channels', {
        kind: 'email',
        email: 'soc@example.test',
      });
      expect(email.status, email.text).toBe(201);
      expect(email.body).toMatchObject({ kind: 'email', target: 'soc@example.test' });
      expect(email.body.secret).toBeUndefined();

      const hook = await ada.call('POST', '/api/alerts/channels', { kind: 'webhook', url: hooks.url });
      expect(hook.status, hook.text).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_[\w-]{43}$/);
      secret = hook.body.secret;

      // A receiver that is gone: its failures must never fail the report that raises an alert.
      const gone = await startWebhookReceiver();
      await gone.close();
      expect(
        (await ada.call('POST', '/api/alerts/channels', { kind: 'webhook', url: gone.url })).status,
      ).toBe(201);

      for (const url of ['file:///etc/passwd', 'ftp://example.test/x', 'not a url']) {
        const refused = await ada.call('POST', '/api/alerts/channels', { kind: 'webhook', url });
        expect(refused.status, url).toBe(422);
        expect(refused.body.error.field).toBe('url');
      }
      expect((await ada.call('POST', '/api/alerts/channels', { kind: 'sms', to: '1' })).status).toBe(422);

      const listed = await ada.call('GET', '/api/alerts/channels');
      expect(listed.body.items.map((c: { kind: string }) => c.kind)).toEqual(['email', 'webhook', 'webhook']);
      expect(listed.text).not.toContain(secret);
    });

    it('delivers a raised alert by signed webhook (retried) and by email', async () => {
      const report = await postReport(server.url, key, reportBody([discovered('shell', 90)]));
      expect(report.status, report.text).toBe(200);
      expect(report.body.alerts).toEqual([
        expect.objectContaining({ kind: 'new-risky-server', severity: 'critical' }),
      ]);
      const alertId = report.body.alerts[0].id;

      const [failed, delivered] = await hooks.received(2);
      for (const d of [failed!, delivered!]) {
        const timestamp = d.headers['x-mcpshield-timestamp'] as string;
        const expected = createHmac('sha256', secret).update(`${timestamp}.${d.body}`).digest('hex');
        expect(d.headers['x-mcpshield-signature']).toBe(`sha256=${expected}`);
        expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
        // the same body under another timestamp does not verify: a replay is told apart
        const replayed = createHmac('sha256', secret).update(`${Number(timestamp) - 3600}.${d.body}`);
        expect(replayed.digest('hex')).not.toBe(expected);
      }
      const payload = JSON.parse(delivered!.body);
      expect(payload).toMatchObject({
        type: 'alert',
        organization_id: ada.orgId,
        alert: { id: alertId, kind: 'new-risky-server', status: 'open' },
      });

      const deadline = Date.now() + 10_000;
      while (!mail.messages.some((m) => m.to.includes('soc@example.test')) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      const sent = mail.messages.find((m) => m.to.includes('soc@example.test'));
      // headers are folded at 78 columns
      const unfolded = sent!.raw.replace(/\r?\n[ \t]+/g, ' ');
      expect(unfolded).toContain(
        'Subject: [MCPShield] critical: New MCP server `shell` on ada-laptop scores 90',
      );
      expect(unfolded).toContain('Severity: critical');
      expect(unfolded).toContain(alertId);
    });

    it('resolves and reopens alerts, filtered by status and severity', async () => {
      const [alert] = (await ada.call('GET', '/api/alerts?status=open')).body.items;
      const resolved = await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'resolved' });
      expect(resolved.status, resolved.text).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolved_by: ada.userId });
      expect((await ada.call('GET', '/api/alerts?status=open')).body.items).toEqual([]);
      expect((await ada.call('GET', '/api/alerts?status=resolved')).body.items).toHaveLength(1);
      expect((await ada.call('GET', '/api/alerts?severity=critical')).body.items).toHaveLength(1);
      expect((await ada.call('GET', '/api/alerts?severity=low')).body.items).toHaveLength(0);
      expect((await ada.call('GET', '/api/alerts?status=closed')).status).toBe(422);

      const reopened = await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'open' });
      expect(reopened.body).toMatchObject({ status: 'open', resolved_at: null, resolved_by: null });
      expect((await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'gone' })).status).toBe(422);
      expect((await ada.call('PATCH', `/api/alerts/${randomUUID()}`, { status: 'open' })).status).toBe(404);

      // several at once; a list naming an unknown alert changes none
      const unknown = await ada.call('PATCH', '/api/alerts', {
        ids: [alert.id, randomUUID()],
        status: 'resolved',
      });
      expect(unknown.status).toBe(404);
      expect((await ada.call('GET', '/api/alerts?status=open')).body.items).toHaveLength(1);
      const bulk = await ada.call('PATCH', '/api/alerts', { ids: [alert.id], status: 'resolved' });
      expect(bulk.status, bulk.text).toBe(200);
      expect(bulk.body.items).toMatchObject([{ id: alert.id, status: 'resolved' }]);
      expect((await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'open' })).status).toBe(200);
    });

    it('stops delivering to a deleted channel', async () => {
      const [, hook] = (await ada.call('GET', '/api/alerts/channels')).body.items;
      expect((await ada.call('DELETE', `/api/alerts/channels/${hook.id}`)).status).toBe(204);
      expect((await ada.call('DELETE', `/api/alerts/channels/${hook.id}`)).status).toBe(404);
      expect((await ada.call('GET', '/api/alerts/channels')).body.items).toHaveLength(2);
    });
  });

  describe(`mcpshield up: alerts from stored decisions, and the dashboard (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let app: Awaited<ReturnType<typeof appServer>>;
    let ada: Member;
    let projectId: string;
    const denial = (at: number, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({
      eventId: randomUUID(),
      timestamp: new Date(at),
      decision: 'deny',
      projectId,
      serverName: 'fs',
      toolName: 'read_file',
      rule: 'detectors.path_traversal',
      ...extra,
    });
    const rugPull = (tools: string[]): AuditEventInput => ({
      eventId: randomUUID(),
      timestamp: new Date(),
      decision: 'allow',
      projectId,
      serverName: 'fs',
      method: 'tools/list',
      details: {
        notes: tools.map((tool) => ({ kind: 'rug-pull', message: 'definition changed', tool })),
      },
    });

    beforeAll(async () => {
      db = await database();
      app = await appServer({ databaseUrl: db.url });
      ada = await signUp(app.url);
      projectId = (await ada.call('POST', '/api/projects', { name: 'gateway' })).body.id;
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('raises one alert for a burst of denials', async () => {
      const start = Date.now() - 30_000;
      const events = Array.from({ length: 25 }, (_, i) => denial(start + i * 1000));
      app.bus.emit('audit', { orgId: ada.orgId, projectId, events });
      const items = await alertsWhen(ada, (a) => a.some((x) => x.kind === 'denial-burst'));
      expect(items.filter((a) => a.kind === 'denial-burst')).toEqual([
        expect.objectContaining({
          severity: 'high',
          project_id: projectId,
          details: expect.objectContaining({ denials: 20, last_rule: 'detectors.path_traversal' }),
        }),
      ]);
    });

    it('raises a rug pull once while it is open, and again once resolved', async () => {
      app.bus.emit('audit', { orgId: ada.orgId, projectId, events: [rugPull(['read_file'])] });
      const first = await alertsWhen(ada, (a) => a.some((x) => x.kind === 'rug-pull'));
      const alert = first.find((a) => a.kind === 'rug-pull')!;
      expect(alert).toMatchObject({
        severity: 'critical',
        details: expect.objectContaining({ server: 'fs', tool: 'read_file' }),
      });
      // read_file again, then write_file: once write_file's alert exists, read_file's second raise is done
      app.bus.emit('audit', { orgId: ada.orgId, projectId, events: [rugPull(['read_file', 'write_file'])] });
      const second = await alertsWhen(ada, (a) => a.filter((x) => x.kind === 'rug-pull').length >= 2);
      const tools = second
        .filter((a) => a.kind === 'rug-pull')
        .map((a) => (a.details as { tool: string }).tool)
        .sort();
      expect(tools).toEqual(['read_file', 'write_file']);

      expect((await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'resolved' })).status).toBe(200);
      app.bus.emit('audit', { orgId: ada.orgId, projectId, events: [rugPull(['read_file'])] });
      await alertsWhen(ada, (a) => a.filter((x) => x.kind === 'rug-pull').length === 2, '?status=open');
      // the old one cannot be opened again while the new one is open
      const clash = await ada.call('PATCH', `/api/alerts/${alert.id}`, { status: 'open' });
      expect(clash.status).toBe(409);
      expect(clash.body.error.code).toBe('conflict');
    });

    it("summarises this month's decisions and the last 10 denials", async () => {
      const now = Date.now();
      const org = app.store.forOrg(ada.orgId);
      const denials = Array.from({ length: 12 }, (_, i) =>
        denial(now - (12 - i) * 1000, { toolName: `t${i}` }),
      );
      const allowed = Array.from({ length: 3 }, (_, i) =>
        denial(now - i * 1000, { decision: 'allow', toolName: 'ok' }),
      );
      await org.audit.insertBatch([...denials, ...allowed]);
      const res = await ada.call('GET', '/api/dashboard');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        events: { allowed: 3, denied: 12, total: 15 },
        projects: 1,
        open_alerts: { high: 1, critical: 2 },
        agents_seen_24h: 0,
      });
      expect(res.body.recent_denials.map((d: { tool_name: string }) => d.tool_name)).toEqual([
        't11',
        't10',
        't9',
        't8',
        't7',
        't6',
        't5',
        't4',
        't3',
        't2',
      ]);
      expect(res.body.recent_denials[0]).toMatchObject({
        decision: 'deny',
        policy_rule_matched: 'detectors.path_traversal',
        project_id: projectId,
      });
    });
  });
}
