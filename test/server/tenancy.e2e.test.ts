import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../../src/server/api-docs.js';
import type { RouteDoc } from '../../src/server/route-docs.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { call, signUp, type Member } from './support/api.js';
import { discovered, reportBody } from './support/inventory.js';

/** What organisation A owns, as created over the API. */
type Seed = {
  projectId: string;
  keyId: string;
  key: string;
  memberId: string;
  alertId: string;
  channelId: string;
  scanId: string;
};

/**
 * For every route whose path names something by id: the ids of A's objects to put in the path, and a body
 * the route would accept, so that it is the tenancy check (not validation) that answers.
 */
const ID_ROUTES: Record<string, (s: Seed) => { params: Record<string, string>; body?: unknown }> = {
  'GET /projects/:id': (s) => ({ params: { id: s.projectId } }),
  'PATCH /projects/:id': (s) => ({ params: { id: s.projectId }, body: { name: 'taken over' } }),
  'DELETE /projects/:id': (s) => ({ params: { id: s.projectId } }),
  'GET /projects/:id/policy': (s) => ({ params: { id: s.projectId } }),
  'PUT /projects/:id/policy': (s) => ({
    params: { id: s.projectId },
    body: { yaml: 'version: 1\ndefault: allow\n' },
  }),
  'GET /projects/:id/policy/versions': (s) => ({ params: { id: s.projectId } }),
  'POST /projects/:id/policy/rollback': (s) => ({ params: { id: s.projectId }, body: { version: 1 } }),
  'GET /projects/:id/keys': (s) => ({ params: { id: s.projectId } }),
  'POST /projects/:id/keys': (s) => ({ params: { id: s.projectId }, body: { name: 'stolen' } }),
  'DELETE /projects/:id/keys/:keyId': (s) => ({ params: { id: s.projectId, keyId: s.keyId } }),
  'PATCH /members/:userId': (s) => ({ params: { userId: s.memberId }, body: { role: 'viewer' } }),
  'DELETE /members/:userId': (s) => ({ params: { userId: s.memberId } }),
  'PATCH /alerts/:id': (s) => ({ params: { id: s.alertId }, body: { status: 'resolved' } }),
  'DELETE /alerts/channels/:id': (s) => ({ params: { id: s.channelId } }),
  'GET /scans/:id': (s) => ({ params: { id: s.scanId } }),
  'GET /v1/scans/:id': (s) => ({ params: { id: s.scanId } }),
};

const routeKey = (d: RouteDoc) => `${d.method} ${d.path}`;
const withIds = ROUTE_DOCS.filter((d) => d.path.includes(':'));

tenancyMatrix('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
if (TEST_DATABASE_URL) tenancyMatrix('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

function tenancyMatrix(name: string, database: () => Promise<{ url?: string; drop(): Promise<void> }>) {
  describe(`tenancy: another organisation sees nothing of the first (${name})`, () => {
    let db: Awaited<ReturnType<typeof database>>;
    let server: RunningServer;
    let alice: Member; // owner of organisation A
    let eve: Member; // owner of organisation B
    let eveKey: string; // a key of B's project, for the machine routes
    let seed: Seed;

    beforeAll(async () => {
      db = await database();
      server = await startServer({
        port: 0,
        memory: true,
        env: db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {},
      });
      [alice, eve] = await Promise.all([signUp(server.url), signUp(server.url)]);
      const bob = await signUp(server.url);
      expect((await alice.call('POST', '/api/members', { email: bob.email, role: 'member' })).status).toBe(
        201,
      );
      const project = await alice.call('POST', '/api/projects', { name: 'alpha-secret-project' });
      const key = await alice.call('POST', `/api/projects/${project.body.id}/keys`, { name: 'alpha-key' });
      // an agent of A reports a risky server (an alert), and A delivers alerts to a webhook
      const report = await call(
        server.url,
        'POST',
        '/api/agents/report',
        reportBody([discovered('alpha-shell', 90)], { hostname: 'alpha-host' }),
        { 'x-api-key': key.body.key },
      );
      expect(report.body.alerts).toHaveLength(1);
      const channel = await alice.call('POST', '/api/alerts/channels', {
        kind: 'webhook',
        url: 'https://alpha-hooks.example.test/x',
      });
      const scan = await call(
        server.url,
        'POST',
        '/api/v1/scans',
        { target: 'alpha-server', status: 'ok', findings: [], score: 100, grade: 'A' },
        { 'x-api-key': key.body.key },
      );
      // and a gateway of A reports a decision
      const ingested = await call(
        server.url,
        'POST',
        '/api/events/ingest',
        {
          events: [
            {
              id: 'alpha-event-1',
              time: new Date().toISOString(),
              client: 'alpha-client',
              server: 'alpha-fs',
              method: 'tools/call',
              tool: 'alpha-read',
              phase: 'response',
              decision: 'allow',
              rules: ['rules[0]'],
              findings: [],
              latency_ms: 1,
            },
          ],
        },
        { 'x-api-key': key.body.key },
      );
      expect(ingested.body.inserted).toBe(1);
      const eveProject = await eve.call('POST', '/api/projects', { name: 'eve' });
      eveKey = (await eve.call('POST', `/api/projects/${eveProject.body.id}/keys`, { name: 'eve' })).body.key;
      seed = {
        projectId: project.body.id,
        keyId: key.body.id,
        key: key.body.key,
        memberId: bob.userId,
        alertId: report.body.alerts[0].id,
        channelId: channel.body.id,
        scanId: scan.body.id,
      };
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it('has a case for every route that names an object by id', () => {
      expect(withIds.map(routeKey).filter((k) => !ID_ROUTES[k])).toEqual([]);
    });

    it.each(withIds.map((d) => [routeKey(d), d] as const))(
      '%s answers 404 or 403 to organisation B',
      async (_, doc) => {
        const { params, body } = ID_ROUTES[routeKey(doc)]!(seed);
        const path = '/api' + doc.path.replace(/:(\w+)/g, (_m, p: string) => params[p]!);
        if (doc.auth === 'key') {
          // A machine of B, with B's key.
          const res = await call(server.url, doc.method, path, body, { 'x-api-key': eveKey });
          expect(res.status, `${doc.method} ${path}: ${res.text}`).toBe(404);
          expect(res.text).not.toContain('alpha-');
          return;
        }
        const res = await eve.call(doc.method, path, body);
        expect([403, 404], `${doc.method} ${path}: ${res.text}`).toContain(res.status);
        expect(res.text).not.toContain('alpha-');
        // nor does naming A's organisation in the header get B in
        const forged = await eve.call(doc.method, path, body, { 'x-organization-id': alice.orgId });
        expect(forged.status).toBe(404);
      },
    );

    it('lists nothing of organisation A to organisation B', async () => {
      const lists = ROUTE_DOCS.filter(
        (d) => d.method === 'GET' && !d.path.includes(':') && d.auth === 'user',
      );
      expect(lists.length).toBeGreaterThan(0);
      for (const doc of lists) {
        const res = await eve.call('GET', '/api' + doc.path);
        expect(res.status, `${doc.path}: ${res.text}`).toBeLessThan(500);
        for (const secret of [
          seed.projectId,
          seed.keyId,
          seed.memberId,
          seed.alertId,
          seed.channelId,
          seed.scanId,
          alice.orgId,
          alice.email,
          'alpha-',
        ])
          expect(res.text, `GET ${doc.path} shows ${secret}`).not.toContain(secret);
      }
    });

    it('checks ids in bodies and query strings like ids in paths', async () => {
      const bulk = await eve.call('PATCH', '/api/alerts', { ids: [seed.alertId], status: 'resolved' });
      expect(bulk.status, bulk.text).toBe(404);
      for (const path of [
        `/api/audits?project_id=${seed.projectId}`,
        `/api/scans?project_id=${seed.projectId}`,
        `/api/audits?project_id=${seed.projectId}&format=jsonl`,
      ]) {
        const res = await eve.call('GET', path);
        expect(res.status, path).toBeLessThan(500);
        expect(res.text, path).not.toContain('alpha-');
        expect(res.text, path).not.toContain(seed.scanId);
      }
    });

    it("leaves organisation A's data as it was", async () => {
      expect(
        (await alice.call('GET', '/api/audits')).body.items.map((e: { tool_name: string }) => e.tool_name),
      ).toEqual(['alpha-read']);
      const project = await alice.call('GET', `/api/projects/${seed.projectId}`);
      expect(project.body.name).toBe('alpha-secret-project');
      expect((await alice.call('GET', `/api/projects/${seed.projectId}/policy`)).body.version).toBe(1);
      const keys = await alice.call('GET', `/api/projects/${seed.projectId}/keys`);
      expect(keys.body.items.map((k: { name: string; revoked_at: null }) => [k.name, k.revoked_at])).toEqual([
        ['alpha-key', null],
      ]);
      const alerts = await alice.call('GET', '/api/alerts?status=open');
      expect(alerts.body.items.map((a: { id: string }) => a.id)).toEqual([seed.alertId]);
      const channels = await alice.call('GET', '/api/alerts/channels');
      expect(channels.body.items.map((c: { id: string }) => c.id)).toEqual([seed.channelId]);
      const members = await alice.call('GET', '/api/members');
      expect(members.body.items.find((m: { user_id: string }) => m.user_id === seed.memberId).role).toBe(
        'member',
      );
    });
  });
}
