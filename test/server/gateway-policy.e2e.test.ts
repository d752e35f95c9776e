import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../src/gateway/sse.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { call, signUp, type Member } from './support/api.js';
import { DATABASES, projectWithKey, type Machine } from './support/keys.js';

/** An open `/api/v1/policy/stream`: its events as they come, and a way to hang up. */
async function openStream(base: string, key: string) {
  const hangUp = new AbortController();
  const res = await fetch(`${base}/api/v1/policy/stream`, {
    headers: { 'x-api-key': key, accept: 'text/event-stream' },
    signal: hangUp.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events = readSse(res.body!);
  return {
    next: async (): Promise<SseEvent> => (await events.next()).value as SseEvent,
    /** Resolves when the server ends the stream (after the events not taken); true when it did. */
    ended: async () => {
      for await (const _ of events) void _;
      return true;
    },
    close: () => hangUp.abort(),
  };
}

const policy = (e: SseEvent) => JSON.parse(e.data) as { version: number; yaml: string };
const DENY_ECHO = 'version: 1\ndefault: allow\nrules:\n  - tool: echo\n    decision: deny\n';

for (const database of DATABASES) {
  describe(`mcpshield up: the policy gateways follow (${database.name})`, () => {
    let db: Awaited<ReturnType<(typeof DATABASES)[number]['open']>>;
    let server: RunningServer;
    let ada: Member;
    let gw: Machine;

    beforeAll(async () => {
      db = await database.open();
      server = await startServer({ host: '127.0.0.1', port: 0, memory: true, env: db.env });
      ada = await signUp(server.url);
      gw = await projectWithKey(server.url, ada, 'gateways');
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it("answers the key's project's live policy with its version as ETag, and 304 while it is current", async () => {
      const live = await gw.call('GET', '/api/v1/policy');
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ project_id: gw.projectId, version: 1 });
      expect(live.body.yaml).toContain('default: allow');
      expect(Date.parse(live.body.created_at)).not.toBeNaN();
      expect(live.headers.get('etag')).toBe('"1"');
      const same = await gw.call('GET', '/api/v1/policy', undefined, { 'if-none-match': '"1"' });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      const older = await gw.call('GET', '/api/v1/policy', undefined, { 'if-none-match': '"0"' });
      expect(older.status).toBe(200);
      expect((await gw.call('GET', '/api/v1/policy', undefined, { 'x-api-key': 'mcps_x' })).status).toBe(401);
      expect((await ada.call('GET', '/api/v1/policy')).status).toBe(401);
    });

    it('streams the live version at once and every saved one after it', async () => {
      const stream = await openStream(server.url, gw.key);
      const first = await stream.next();
      expect(first.event).toBe('policy');
      const current = policy(first).version;
      expect(current).toBeGreaterThanOrEqual(1);

      const saved = await ada.call('PUT', `/api/projects/${gw.projectId}/policy`, { yaml: DENY_ECHO });
      expect(saved.status, saved.text).toBe(200);
      const pushed = await stream.next();
      expect(policy(pushed)).toEqual({ version: current + 1, yaml: DENY_ECHO });
      expect(pushed.id).toBe(String(current + 1));

      const rolled = await ada.call('POST', `/api/projects/${gw.projectId}/policy/rollback`, { version: 1 });
      expect(policy(await stream.next()).version).toBe(rolled.body.version);
      stream.close();
    });

    it('does not push the policies of other projects', async () => {
      const bob = await signUp(server.url);
      const bobs = await projectWithKey(server.url, bob, 'bob');
      const stream = await openStream(server.url, gw.key);
      const start = policy(await stream.next()).version;
      await bob.call('PUT', `/api/projects/${bobs.projectId}/policy`, { yaml: DENY_ECHO });
      await ada.call('PUT', `/api/projects/${gw.projectId}/policy`, { yaml: DENY_ECHO });
      // The next event is Ada's save, not Bob's.
      expect(policy(await stream.next()).version).toBe(start + 1);
      stream.close();
    });

    it('ends the stream of a key revoked while it is open', async () => {
      const made = await ada.call('POST', `/api/projects/${gw.projectId}/keys`, { name: 'short-lived' });
      const stream = await openStream(server.url, made.body.key);
      expect((await stream.next()).event).toBe('policy');
      expect((await ada.call('DELETE', `/api/projects/${gw.projectId}/keys/${made.body.id}`)).status).toBe(
        204,
      );
      expect(await stream.ended()).toBe(true);
      expect(
        (await call(server.url, 'GET', '/api/v1/policy', undefined, { 'x-api-key': made.body.key })).status,
      ).toBe(401);
    }, 20_000);

    it('ends open streams when the server closes, and closing does not wait for the clients', async () => {
      const other = await startServer({ host: '127.0.0.1', port: 0, memory: true, env: db.env });
      const eve = await signUp(other.url);
      const eves = await projectWithKey(other.url, eve, 'eve');
      const streams = [await openStream(other.url, eves.key), await openStream(other.url, eves.key)];
      for (const s of streams) expect((await s.next()).event).toBe('policy');
      await other.close();
      expect(await Promise.all(streams.map((s) => s.ended()))).toEqual([true, true]);
    });

    if (database.name === 'PostgreSQL')
      it('pushes a save made on another replica (found by the re-check)', async () => {
        const replica = await startServer({ host: '127.0.0.1', port: 0, memory: true, env: db.env });
        try {
          const stream = await openStream(replica.url, gw.key);
          const start = policy(await stream.next()).version;
          // Saved through the first server: the replica's bus never hears of it.
          await ada.call('PUT', `/api/projects/${gw.projectId}/policy`, { yaml: DENY_ECHO });
          expect(policy(await stream.next()).version).toBe(start + 1);
          stream.close();
        } finally {
          await replica.close();
        }
      }, 20_000);
  });
}
