import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/policy/compile.js';
import { stringifyJson } from '../../src/protocol/json.js';
import { StreamChannel } from '../../src/gateway/channel.js';
import { policyMiddleware, SessionMemory } from '../../src/gateway/enforce.js';
import { createLogger } from '../../src/gateway/log.js';
import { compose } from '../../src/gateway/pipeline.js';
import { MemoryRateLimiter } from '../../src/gateway/rate-limit.js';
import { Session } from '../../src/gateway/session.js';
import type { Upstream } from '../../src/gateway/upstream.js';

/**
 * The relay at the level of raw JSON lines, in process: a real Session and pipeline between a scripted
 * client and a scripted upstream (an echo server). What the SDK hides is checked here: ids as the wire
 * carries them, ordering, cancellation, malformed frames, and a fuzz run.
 */
type Line = Record<string, unknown>;

/** Calls `each` with every JSON line of a stream (linear in the input, however it is chunked). */
function lines(stream: PassThrough, each: (m: Line) => void): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      each(JSON.parse(text.slice(from, nl)) as Line);
      from = nl + 1;
    }
    rest = text.slice(from);
  });
}

/** An echo server: answers requests with their params, sends progress first when asked, can ask back. */
function echoUpstream(seen: Line[]): Upstream {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  let ended!: (why: string) => void;
  lines(toServer, (m) => {
    seen.push(m);
    const send = (x: unknown) => fromServer.write(`${stringifyJson(x)}\n`);
    if (m.method === 'die') {
      ended('exited with code 1');
      return;
    }
    if (m.id === undefined || m.method === undefined) return;
    const token = (m.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta?.progressToken;
    if (token !== undefined)
      send({
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: token, progress: 1 },
      });
    if (m.method === 'ask') send({ jsonrpc: '2.0', id: 'srv-1', method: 'roots/list' });
    if (m.method === 'slow') return; // never answers (until cancelled)
    send({ jsonrpc: '2.0', id: m.id, result: { echo: m.params ?? null } });
  });
  return {
    channel: new StreamChannel(fromServer, toServer, 1 << 20),
    ended: new Promise((r) => (ended = r)),
    pid: 0,
  };
}

function harness(policy = 'version: 1\ndefault: allow\n') {
  const { ir } = compile(policy);
  const clientIn = new PassThrough();
  const clientOut = new PassThrough();
  const got: Line[] = [];
  lines(clientOut, (m) => got.push(m));
  const upstreamSeen: Line[] = [];
  const session = new Session({
    server: 'echo',
    client: 'test',
    downstream: new StreamChannel(clientIn, clientOut, 64 * 1024),
    start: () => echoUpstream(upstreamSeen),
    judge: compose([policyMiddleware({ ir }, new MemoryRateLimiter(), new SessionMemory())]),
    log: createLogger('test', 'silent'),
  });
  const send = (x: unknown) => clientIn.write(typeof x === 'string' ? `${x}\n` : `${JSON.stringify(x)}\n`);
  const until = async (pred: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end)
        throw new Error(`timed out with ${got.length} answers; last ${JSON.stringify(got.at(-1))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { session, send, got, upstreamSeen, until };
}

describe('relay', () => {
  it('maps ids both ways and keeps the client’s own ids, strings and numbers alike', async () => {
    const h = harness();
    h.send({ jsonrpc: '2.0', id: 'a-1', method: 'tools/list' });
    h.send({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
    h.send({ jsonrpc: '2.0', id: 0, method: 'ping' });
    await h.until(() => h.got.length === 3);
    expect(h.got.map((m) => m.id)).toEqual(['a-1', 7, 0]);
    expect(h.upstreamSeen.map((m) => m.id)).toEqual([1, 2, 3]); // the gateway's own ids upstream
  });

  it('carries progress before its response, and server requests with their answers', async () => {
    const h = harness();
    h.send({ jsonrpc: '2.0', id: 1, method: 'work', params: { _meta: { progressToken: 'tok' } } });
    await h.until(() => h.got.length === 2);
    expect(h.got[0]).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 'tok', progress: 1 },
    });
    expect(h.got[1]).toMatchObject({ id: 1, result: { echo: { _meta: { progressToken: 'tok' } } } });
    h.send({ jsonrpc: '2.0', id: 2, method: 'ask' });
    await h.until(() => h.got.some((m) => m.method === 'roots/list'));
    expect(h.got.find((m) => m.method === 'roots/list')).toEqual({
      jsonrpc: '2.0',
      id: 'srv-1',
      method: 'roots/list',
    });
    h.send({ jsonrpc: '2.0', id: 'srv-1', result: { roots: [] } });
    await h.until(() => h.upstreamSeen.some((m) => m.id === 'srv-1'));
    expect(h.upstreamSeen.find((m) => m.id === 'srv-1')).toEqual({
      jsonrpc: '2.0',
      id: 'srv-1',
      result: { roots: [] },
    });
  });

  it('translates notifications/cancelled to the upstream id', async () => {
    const h = harness();
    h.send({ jsonrpc: '2.0', id: 'c', method: 'slow' });
    await h.until(() => h.upstreamSeen.length === 1);
    h.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'c', reason: 'user' } });
    await h.until(() => h.upstreamSeen.length === 2);
    expect(h.upstreamSeen[1]).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 1, reason: 'user' },
    });
  });

  it('answers malformed frames with the right JSON-RPC errors and goes on', async () => {
    const h = harness();
    h.send('{not json');
    h.send('[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}]');
    h.send({ jsonrpc: '1.0', id: 5, method: 'x' });
    h.send({ jsonrpc: '2.0', id: 6, method: 12 });
    h.send({ jsonrpc: '2.0', id: 8, method: 'ping' });
    await h.until(() => h.got.length === 5);
    expect(h.got.map((m) => [m.id, (m.error as { code?: number } | undefined)?.code])).toEqual([
      [null, -32700],
      [null, -32600],
      [5, -32600],
      [6, -32600],
      [8, undefined],
    ]);
    expect(h.upstreamSeen.map((m) => m.method)).toEqual(['ping']); // the batch never reached the server
  });

  it('refuses an oversize message without holding it, and goes on', async () => {
    const h = harness();
    h.send({ jsonrpc: '2.0', id: 1, method: 'x', params: { blob: 'x'.repeat(200_000) } });
    h.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    await h.until(() => h.got.length === 2);
    expect(h.got[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(h.got[1]).toMatchObject({ id: 2, result: {} });
  });

  it('fails pending requests when the upstream dies, never with an empty result', async () => {
    const h = harness();
    h.send({ jsonrpc: '2.0', id: 'p', method: 'slow' });
    await h.until(() => h.upstreamSeen.length === 1);
    h.send({ jsonrpc: '2.0', method: 'die' });
    await h.until(() => h.got.length === 1);
    expect(h.got[0]).toMatchObject({ id: 'p', error: { code: -32010 } });
    expect(String((h.got[0]!.error as { message: string }).message)).toContain('exited with code 1');
    h.send({ jsonrpc: '2.0', id: 'after', method: 'ping' }); // served by the restarted upstream
    await h.until(() => h.got.length === 2, 10_000);
    expect(h.got[1]).toMatchObject({ id: 'after', result: {} });
  });

  it('survives 100,000 malformed or mutated frames: every request answered, nothing left pending', async () => {
    const h = harness('version: 1\ndefault: allow\ndetectors: { command_injection: deny }\n');
    let seed = 42;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const bases = [
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'run', arguments: { cmd: 'ls; id' } } },
      { jsonrpc: '2.0', method: 'tools/list' },
      { jsonrpc: '2.0', method: 'resources/read', params: { uri: 'file:///etc/passwd' } },
      { jsonrpc: '2.0', method: 'unknown/method', params: { x: [1, { y: null }] } },
    ];
    let expected = 0;
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const kind = rnd(10);
      const id = i;
      let frame: string;
      if (kind === 0)
        frame = JSON.stringify({ ...bases[rnd(4)], id }).slice(0, 10 + rnd(40)); // truncated
      else if (kind === 1)
        frame = JSON.stringify({ ...bases[rnd(4)], id: [id] }); // wrong id type
      else if (kind === 2) frame = JSON.stringify({ ...bases[rnd(4)], id: Number.MAX_SAFE_INTEGER * 1e300 });
      else if (kind === 3) frame = `{"jsonrpc":"2.0","id":${id},"method":"x","params":${deep}}`;
      else if (kind === 4)
        frame = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 42 } });
      else if (kind === 5)
        frame = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/whatever', params: { n: id } });
      else frame = JSON.stringify({ ...bases[rnd(4)], id });
      // Every frame with a usable id gets exactly one answer; malformed ones without get one with id null.
      const parsed = (() => {
        try {
          return JSON.parse(frame) as Line;
        } catch {
          return undefined;
        }
      })();
      if (!parsed) expected++;
      else if (parsed.method === 'notifications/whatever') void 0;
      else expected++;
      h.send(frame);
      if (i % 5000 === 0) await new Promise((r) => setImmediate(r));
    }
    await h.until(() => h.got.length >= expected, 60_000);
    expect(h.got.length).toBe(expected);
    expect(h.session.inFlight).toBe(0);
    const answeredIds = new Set(h.got.map((m) => m.id).filter((id) => typeof id === 'number'));
    for (const m of h.got) expect('result' in m || 'error' in m).toBe(true);
    expect(answeredIds.size).toBeGreaterThan(N / 2);
    expect(h.got.some((m) => (m.error as { code?: number } | undefined)?.code === -32001)).toBe(true); // policy still judged
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  }, 180_000);
});
