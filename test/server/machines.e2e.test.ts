import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideLine } from '../../src/cli/commands/inspect.js';
import { compile } from '../../src/policy/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { call, signUp, type Answer, type Member } from './support/api.js';

/** A database for one run of the story: no `url` is PGlite in memory. */
type Database = () => Promise<{ url?: string; drop(): Promise<void> }>;

machineStory('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) machineStory('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

const POLICY = readFileSync(new URL('../../examples/policy.yaml', import.meta.url), 'utf8');
const EVENTS = readFileSync(new URL('../../examples/events.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

/** One line of a gateway's audit trail, as `src/gateway/audit.ts` writes it. */
function gatewayEvent(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    client: 'claude-desktop',
    server: 'filesystem',
    method: 'tools/call',
    tool: 'read_file',
    phase: 'response',
    decision: 'allow',
    rules: ['rules[0]'],
    findings: [],
    latency_ms: 1.25,
    arguments: { path: '/home/dev/project/a.md' },
    ...over,
  };
}

function machineStory(name: string, database: Database) {
  describe(`mcpshield up: the machine API, audit trail, usage and plans (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let server: RunningServer;
    let ada: Member;
    let projectId: string;
    let key: string;

    const machine = (path: string, body: unknown, apiKey = key) =>
      call(server.url, 'POST', path, body, { 'x-api-key': apiKey });
    const inspect = (body: unknown, apiKey = key) => machine('/api/v1/inspect', body, apiKey);
    const ingest = (events: unknown[], apiKey = key) => machine('/api/events/ingest', { events }, apiKey);
    const audits = (query = '', who: Member = ada) => who.call('GET', `/api/audits${query}`);

    /** A fresh organisation with one project and a key for it. */
    async function tenant(): Promise<{ member: Member; projectId: string; key: string }> {
      const member = await signUp(server.url);
      const project = await member.call('POST', '/api/projects', { name: 'gateways', environment: 'prod' });
      expect(project.status, project.text).toBe(201);
      const made = await member.call('POST', `/api/projects/${project.body.id}/keys`, { name: 'gw' });
      expect(made.status, made.text).toBe(201);
      return { member, projectId: project.body.id, key: made.body.key };
    }

    /** Reads the trail until `count` events match (inspect's decisions are written behind the answer). */
    async function trailOf(query: string, count: number, who: Member): Promise<Answer> {
      for (let i = 0; i < 200; i++) {
        const page = await audits(query, who);
        if (page.body.items.length >= count) return page;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`the trail never reached ${count} events for \`${query}\``);
    }

    beforeAll(async () => {
      db = await database();
      server = await startServer({
        host: '127.0.0.1',
        port: 0,
        memory: true,
        env: db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {},
      });
      ({ member: ada, projectId, key } = await tenant());
      const saved = await ada.call('PUT', `/api/projects/${projectId}/policy`, { yaml: POLICY });
      expect(saved.status, saved.text).toBe(200);
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it("decides as the project's policy says, byte for byte as `mcpshield inspect --jsonl`", async () => {
      const { ir } = compile(POLICY);
      const decisions = new Set<string>();
      for (const line of EVENTS) {
        const expected = decideLine(ir, line);
        if (expected.startsWith('{"error"')) continue; // the malformed lines: 400 and 422, tested below
        for (const path of ['/api/v1/inspect', '/v1/inspect']) {
          const res = await machine(path, line);
          expect(res.status, res.text).toBe(200);
          expect(res.text, `${path} ${line}`).toBe(expected);
          decisions.add(res.body.decision);
        }
      }
      expect([...decisions].sort()).toEqual(['allow', 'deny']);
    });

    it('sees a saved policy at once', async () => {
      const event = { server: 'filesystem', method: 'tools/call', params: { name: 'read_file' } };
      const path = `/api/projects/${projectId}/policy`;
      expect((await ada.call('PUT', path, { yaml: 'version: 1\ndefault: allow\n' })).status).toBe(200);
      expect((await inspect(event)).body).toMatchObject({ decision: 'allow', rules: ['default'] });
      expect((await ada.call('PUT', path, { yaml: 'version: 1\ndefault: deny\n' })).status).toBe(200);
      expect((await inspect(event)).body).toMatchObject({ decision: 'deny', rules: ['default'] });
      expect((await ada.call('PUT', path, { yaml: POLICY })).status).toBe(200);
    });

    it('answers 422 with the reason for a malformed event, 400 for a body that is not JSON', async () => {
      const missing = await inspect({ server: 'fs' });
      expect(missing.status).toBe(422);
      expect(missing.body.error).toMatchObject({ code: 'invalid_event', field: 'method' });
      expect(missing.body.error.reason).toContain('`method` must be a non-empty string');
      const noTool = await inspect({ server: 'fs', method: 'tools/call', params: {} });
      expect(noTool.body.error).toMatchObject({ code: 'invalid_event', field: 'params.name' });
      expect((await inspect('[1, 2')).status).toBe(400);
    });

    it('refuses a missing, unknown or revoked key with 401', async () => {
      const event = JSON.parse(EVENTS[0]!);
      expect((await call(server.url, 'POST', '/api/v1/inspect', event)).status).toBe(401);
      expect((await inspect(event, `mcps_${'x'.repeat(32)}`)).status).toBe(401);
      expect((await ingest([gatewayEvent()], 'not-a-key')).status).toBe(401);
      const made = await ada.call('POST', `/api/projects/${projectId}/keys`, { name: 'short-lived' });
      expect((await inspect(event, made.body.key)).status).toBe(200);
      expect((await ingest([gatewayEvent()], made.body.key)).status).toBe(200);
      expect((await ada.call('DELETE', `/api/projects/${projectId}/keys/${made.body.id}`)).status).toBe(204);
      const refused = await ingest([gatewayEvent()], made.body.key);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      // inspect trusts a found key for KEY_CACHE_MS, then looks it up again
      let revoked = await inspect(event, made.body.key);
      for (let i = 0; i < 100 && revoked.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        revoked = await inspect(event, made.body.key);
      }
      expect(revoked.status).toBe(401);
    });

    it('records every decision in the trail and in usage', async () => {
      const fresh = await tenant(); // no earlier decision of its own can still be on its way
      const tool = `probe-${randomUUID()}`;
      const event = { server: 'web', method: 'tools/call', params: { name: tool, arguments: {} } };
      for (let i = 0; i < 3; i++) expect((await inspect(event, fresh.key)).body.decision).toBe('allow');
      const trail = await trailOf(`?tool=${tool}`, 3, fresh.member);
      expect(trail.body.items).toHaveLength(3);
      expect(trail.body.items[0]).toMatchObject({
        tool_name: tool,
        server_name: 'web',
        method: 'tools/call',
        decision: 'allow',
        policy_rule_matched: 'default',
        project_id: fresh.projectId,
        findings: [],
        details: { source: 'inspect', phase: 'request', rules: ['default'] },
      });
      expect(trail.body.items[0].event_id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await fresh.member.call('GET', '/api/usage/monthly')).body.usage).toMatchObject({
        inspect_calls: 3,
        events: 3,
      });
    });

    it('ingests a batch once: a retried batch inserts nothing and counts nothing', async () => {
      const before = (await ada.call('GET', '/api/usage/monthly')).body.usage.events;
      const batch = [gatewayEvent(), gatewayEvent({ decision: 'deny' }), gatewayEvent()];
      const first = await ingest(batch);
      expect(first.status, first.text).toBe(200);
      expect(first.body).toEqual({ received: 3, inserted: 3, duplicates: 0 });
      expect((await ingest(batch)).body).toEqual({ received: 3, inserted: 0, duplicates: 3 });
      expect((await ingest([batch[0], gatewayEvent()])).body).toEqual({
        received: 2,
        inserted: 1,
        duplicates: 1,
      });
      expect((await ada.call('GET', '/api/usage/monthly')).body.usage.events - before).toBe(4);

      const stored = await audits(`?limit=500`);
      const row = stored.body.items.find((e: { event_id: string }) => e.event_id === batch[0]!.id);
      expect(row).toMatchObject({
        project_id: projectId,
        server_name: 'filesystem',
        tool_name: 'read_file',
        policy_rule_matched: 'rules[0]',
        timestamp: batch[0]!.time,
        details: { client: 'claude-desktop', phase: 'response', latency_ms: 1.25, rules: ['rules[0]'] },
      });
    });

    it('names the index and field of a malformed event, and refuses batches over 5,000', async () => {
      const bad = await ingest([gatewayEvent(), gatewayEvent({ decision: 'maybe' })]);
      expect(bad.status).toBe(422);
      expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'events.1.decision' });
      const noTime = await ingest([gatewayEvent({ time: 'yesterday' })]);
      expect(noTime.body.error.field).toBe('events.0.time');
      const big = await ingest(Array.from({ length: 5001 }, () => gatewayEvent()));
      expect(big.status).toBe(413);
      expect(big.body.error).toMatchObject({ code: 'batch_too_large', max: 5000, received: 5001 });
    });

    it('filters the trail and walks it with the cursor', async () => {
      const server = `srv-${randomUUID().slice(0, 8)}`;
      const t = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const events = [
        gatewayEvent({ server, tool: 'read', time: t(50) }),
        gatewayEvent({ server, tool: 'write', decision: 'deny', rules: ['rules[2]'], time: t(40) }),
        gatewayEvent({ server, tool: 'read', time: t(30) }),
        gatewayEvent({ server, tool: 'exec', decision: 'deny', rules: ['detectors.ssrf'], time: t(20) }),
        gatewayEvent({ server, tool: 'read', time: t(10) }),
      ];
      expect((await ingest(events)).body.inserted).toBe(5);
      const ids = async (query: string) =>
        (await audits(`?server=${server}${query}`)).body.items.map((e: { event_id: string }) => e.event_id);
      const id = (i: number) => events[i]!.id;
      expect(await ids('')).toEqual([id(4), id(3), id(2), id(1), id(0)]);
      expect(await ids('&decision=deny')).toEqual([id(3), id(1)]);
      expect(await ids('&tool=read')).toEqual([id(4), id(2), id(0)]);
      expect(await ids('&rule=detectors.ssrf')).toEqual([id(3)]);
      expect(await ids(`&from=${events[1]!.time}&to=${events[3]!.time}`)).toEqual([id(2), id(1)]);
      expect(await ids(`&project_id=${projectId}&decision=allow`)).toEqual([id(4), id(2), id(0)]);
      expect(await ids(`&project_id=${randomUUID()}`)).toEqual([]);

      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await audits(
          `?server=${server}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        walked.push(...page.body.items.map((e: { event_id: string }) => e.event_id));
        cursor = page.body.next_cursor;
      } while (cursor);
      expect(walked).toEqual(await ids(''));

      for (const [query, field] of [
        ['?from=yesterday', 'from'],
        ['?to=2026-05-01T10:00:00', 'to'],
        ['?decision=maybe', 'decision'],
        ['?project_id=nope', 'project_id'],
        ['?limit=0', 'limit'],
        ['?limit=501', 'limit'],
        ['?cursor=garbage', 'cursor'],
        ['?format=xml', 'format'],
      ] as const) {
        const res = await audits(query);
        expect(res.status, query).toBe(422);
        expect(res.body.error.field, query).toBe(field);
      }
    });

    it('exports the whole filtered trail as CSV and JSON lines', async () => {
      const server = `export-${randomUUID().slice(0, 8)}`;
      const tricky = 'say "hi", then\nleave';
      const events = Array.from({ length: 1203 }, (_, i) =>
        gatewayEvent({
          server,
          tool: i === 0 ? tricky : i === 1 ? '=HYPERLINK("http://x")' : `tool-${i}`,
          time: new Date(Date.now() - i * 1000).toISOString(),
        }),
      );
      expect((await ingest(events)).body.inserted).toBe(1203);

      const jsonl = await audits(`?server=${server}&format=jsonl`);
      expect(jsonl.status).toBe(200);
      expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
      expect(jsonl.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.jsonl"$/);
      const lines = jsonl.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.event_id)).toEqual(events.map((e) => e.id));
      expect(lines[0]).toMatchObject({ tool_name: tricky, server_name: server, project_id: projectId });

      const csv = await audits(`?server=${server}&format=csv`);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
      const rows = parseCsv(csv.text);
      const header = rows[0]!;
      expect(header).toEqual(expect.arrayContaining(['event_id', 'tool_name', 'policy_rule_matched']));
      const column = (row: string[], name: string) => row[header.indexOf(name)];
      expect(rows).toHaveLength(1 + 1203);
      expect(rows.slice(1).map((r) => column(r, 'event_id'))).toEqual(events.map((e) => e.id));
      expect(column(rows[1]!, 'tool_name')).toBe(tricky);
      expect(column(rows[2]!, 'tool_name')).toBe(`'=HYPERLINK("http://x")`);
      expect(JSON.parse(column(rows[1]!, 'details')!)).toMatchObject({ client: 'claude-desktop' });
    });

    it('counts allowed and denied events per day', async () => {
      const res = await ada.call('GET', '/api/usage/summary?days=7');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(7);
      expect(res.body.items.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
      const trail = (await audits('?format=jsonl')).text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { timestamp: string; decision: string })
        .filter((e) => e.timestamp >= res.body.from);
      const sum = (key: 'allowed' | 'denied' | 'total') =>
        res.body.items.reduce((n: number, d: Record<string, number>) => n + d[key]!, 0);
      expect(sum('allowed')).toBe(trail.filter((e) => e.decision === 'allow').length);
      expect(sum('denied')).toBe(trail.filter((e) => e.decision === 'deny').length);
      expect(sum('total')).toBe(trail.length);
      expect((await ada.call('GET', '/api/usage/summary?days=0')).body.error.field).toBe('days');
      expect((await ada.call('GET', '/api/usage/monthly?month=2026-13')).body.error.field).toBe('month');
    });

    it("keeps another organisation's trail out of sight", async () => {
      const eve = await signUp(server.url);
      expect((await audits('', eve)).body.items).toEqual([]);
      expect((await audits(`?project_id=${projectId}`, eve)).body.items).toEqual([]);
      expect(
        (await eve.call('GET', '/api/audits', undefined, { 'x-organization-id': ada.orgId })).status,
      ).toBe(404);
      expect((await call(server.url, 'GET', '/api/audits')).status).toBe(401);
    });

    it('lets only the owner switch plans; every member reads them', async () => {
      const admin = await signUp(server.url);
      const added = await ada.call('POST', '/api/members', { email: admin.email, role: 'admin' });
      expect(added.status, added.text).toBe(201);
      const inAda = { 'x-organization-id': ada.orgId };
      const read = await admin.call('GET', '/api/billing/subscription', undefined, inAda);
      expect(read.status).toBe(200);
      expect(read.body.plan.id).toBe('free');
      const refused = await admin.call('POST', '/api/billing/subscribe', { plan: 'pro' }, inAda);
      expect(refused.status).toBe(403);
      expect((await ada.call('GET', '/api/billing/subscription')).body.plan.id).toBe('free');
      expect((await admin.call('GET', '/api/usage/monthly', undefined, inAda)).status).toBe(200);
    });

    it("refuses events with 429 once the month reaches the plan's limit, until the plan is raised", async () => {
      const other = await tenant();
      const subscription = await other.member.call('GET', '/api/billing/subscription');
      expect(subscription.body.plan).toMatchObject({ id: 'free', monthly_events: 10_000 });
      for (let i = 0; i < 2; i++) {
        const batch = Array.from({ length: 5000 }, () => gatewayEvent());
        expect((await ingest(batch, other.key)).body.inserted).toBe(5000);
      }
      const refused = await ingest([gatewayEvent()], other.key);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({
        code: 'quota_exceeded',
        limit: 10_000,
        used: 10_000,
        plan: 'free',
      });
      const resetsAt = new Date(refused.body.error.resets_at);
      expect(resetsAt.getUTCDate()).toBe(1);
      expect(resetsAt.getTime()).toBeGreaterThan(Date.now());
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await inspect(JSON.parse(EVENTS[0]!), other.key)).status).toBe(429);
      const monthly = await other.member.call('GET', '/api/usage/monthly');
      expect(monthly.body).toMatchObject({ usage: { events: 10_000 }, plan: { id: 'free' } });

      const upgraded = await other.member.call('POST', '/api/billing/subscribe', { plan: 'pro' });
      expect(upgraded.status, upgraded.text).toBe(200);
      expect(upgraded.body).toMatchObject({ plan: { id: 'pro', monthly_events: 100_000 }, status: 'active' });
      expect((await ingest([gatewayEvent()], other.key)).body.inserted).toBe(1);
      expect((await other.member.call('POST', '/api/billing/subscribe', { plan: 'gold' })).status).toBe(422);
    });
  });
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}
