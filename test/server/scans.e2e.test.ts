import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scanner/scan.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { ROOT } from '../support/source.js';
import { signUp, type Member } from './support/api.js';
import { DATABASES, projectWithKey, type Machine } from './support/keys.js';

const tools = (name: string) => join(ROOT, 'test/fixtures/scanner/tools', name);
const report = async (name: string) =>
  (await scan({ kind: 'tools-json', file: tools(name) }, { timeoutMs: 10_000 })).report;

for (const database of DATABASES) {
  describe(`mcpshield up: scan history (${database.name})`, () => {
    let db: Awaited<ReturnType<(typeof DATABASES)[number]['open']>>;
    let server: RunningServer;
    let ada: Member;
    let ci: Machine;

    beforeAll(async () => {
      db = await database.open();
      server = await startServer({ host: '127.0.0.1', port: 0, memory: true, env: db.env });
      ada = await signUp(server.url);
      ci = await projectWithKey(server.url, ada);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it('stores reports pushed with a key and lists them newest first, for the key and for members', async () => {
      const poisoned = await report('poisoned.json');
      const clean = await report('clean.json');
      expect(poisoned.findings.length).toBeGreaterThan(0);

      const first = await ci.call('POST', '/api/v1/scans', poisoned);
      expect(first.status, first.text).toBe(201);
      expect(first.body).toMatchObject({
        project_id: ci.projectId,
        target: poisoned.target,
        status: 'ok',
        score: poisoned.score,
        grade: poisoned.grade,
        findings_count: poisoned.findings.length,
        scanned_at: poisoned.scannedAt,
      });
      const second = await ci.call('POST', '/api/v1/scans', clean);
      expect(second.status, second.text).toBe(201);

      const byKey = await ci.call('GET', '/api/v1/scans');
      expect(byKey.body.items.map((s: { id: string }) => s.id)).toEqual([second.body.id, first.body.id]);
      const byMember = await ada.call('GET', '/api/scans');
      expect(byMember.body.items.map((s: { id: string }) => s.id)).toEqual([second.body.id, first.body.id]);
      const oneTarget = await ada.call('GET', `/api/scans?target=${encodeURIComponent(poisoned.target)}`);
      expect(oneTarget.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.id]);
      expect((await ci.call('GET', '/api/v1/scans?limit=1')).body.items).toHaveLength(1);

      const full = await ada.call('GET', `/api/scans/${first.body.id}`);
      expect(full.status).toBe(200);
      expect(full.body.report).toEqual(JSON.parse(JSON.stringify(poisoned)));
      const byKeyFull = await ci.call('GET', `/api/v1/scans/${first.body.id}`);
      expect(byKeyFull.body.report.findings.map((f: { id: string }) => f.id)).toEqual(
        poisoned.findings.map((f) => f.id),
      );
    });

    it('refuses what is not a report (422 naming the field), a missing key (401) and a bad query', async () => {
      const clean = await report('clean.json');
      const bad = await ci.call('POST', '/api/v1/scans', { ...clean, grade: 'Z' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.field).toBe('grade');
      const badFinding = await ci.call('POST', '/api/v1/scans', {
        ...clean,
        findings: [{ id: 'TOOL-001', severity: 'dire' }],
      });
      expect(badFinding.body.error.field).toBe('findings.0.severity');
      expect((await ci.call('POST', '/api/v1/scans', clean, { 'x-api-key': 'mcps_nope' })).status).toBe(401);
      expect((await ada.call('GET', '/api/scans?limit=0')).body.error.field).toBe('limit');
      expect((await ada.call('GET', '/api/scans', undefined, { authorization: 'Bearer nope' })).status).toBe(
        401,
      );
    });

    it("never shows another organisation's scans: their ids answer 404", async () => {
      const bob = await signUp(server.url);
      const bobsCi = await projectWithKey(server.url, bob);
      const mine = (await ci.call('GET', '/api/v1/scans')).body.items[0].id as string;
      expect((await bob.call('GET', '/api/scans')).body.items).toEqual([]);
      expect((await bobsCi.call('GET', '/api/v1/scans')).body.items).toEqual([]);
      expect((await bob.call('GET', `/api/scans/${mine}`)).status).toBe(404);
      expect((await bobsCi.call('GET', `/api/v1/scans/${mine}`)).status).toBe(404);
      expect((await ada.call('GET', '/api/scans/not-a-uuid')).status).toBe(404);
    });
  });
}
