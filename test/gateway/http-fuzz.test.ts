import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFront, type HttpFront } from '../../src/gateway/http-front.js';
import { compile } from '../../src/policy/compile.js';
import { ROOT } from '../support/source.js';
import { rawRequest, type RawAnswer } from '../support/http.js';
import { tempDir } from '../support/mcp.js';

/**
 * The network shape under 100,000 malformed or mutated POSTs (bad JSON, wrong id types, huge ids, deep
 * nesting, batches, unknown methods, oversize bodies, wrong content types), in process so that memory
 * and pending requests can be read: every POST answered, every request with a usable id answered with
 * that id, nothing left pending, the front still healthy.
 */
const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
const MAX = 64 * 1024;
let front: HttpFront;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

beforeAll(async () => {
  const { ir } = compile('version: 1\ndefault: allow\ndetectors: { command_injection: deny }\n');
  process.env.MCPSHIELD_LOG_LEVEL ??= 'silent';
  front = await startHttpFront({
    ir,
    server: 'echo',
    pinsDir: join(tempDir('http-fuzz'), 'pins'),
    host: '127.0.0.1',
    port: 0,
    upstream: { command: process.execPath, args: [ECHO] },
    maxMessageBytes: MAX,
  });
});
afterAll(async () => {
  await front?.close();
  agent.destroy();
});

const post = (body: string, headers: Record<string, string>) =>
  rawRequest(front.url, { body, headers, agent });

/** The JSON-RPC answer in a JSON body or an event stream. */
function answerOf(a: RawAnswer): Record<string, unknown> | undefined {
  if (!a.body) return undefined;
  if (a.type.includes('event-stream')) {
    const data = a.body.split('\n').filter((l) => l.startsWith('data: '));
    return JSON.parse(data.at(-1)!.slice(6)) as Record<string, unknown>;
  }
  return JSON.parse(a.body) as Record<string, unknown>;
}

describe('the HTTP front under fuzz', () => {
  it('answers 100,000 malformed or mutated frames: no crash, no hang, nothing pending', async () => {
    const init = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'fuzz', version: '1' },
        },
      }),
      {},
    );
    expect(init.status).toBe(200);
    expect(answerOf(init)).toMatchObject({ id: 0, result: { serverInfo: { name: 'echo' } } });
    const sid = init.session!;
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    const bases = [
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'run', arguments: { cmd: 'ls; id' } } },
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'echo', arguments: { text: 'hello' } } },
      { jsonrpc: '2.0', method: 'tools/list' },
      { jsonrpc: '2.0', method: 'unknown/method', params: { x: [1, { y: null }] } },
    ];
    const N = 100_000;
    const counts = { answered: 0, withId: 0, denied: 0, refused: 0, accepted: 0 };
    const problems: string[] = [];
    let i = 0;
    const worker = async () => {
      while (i < N) {
        const n = i++;
        const kind = rnd(12);
        const headers: Record<string, string> = { 'mcp-session-id': sid };
        let frame: string;
        let expectId: number | undefined;
        if (kind === 0) frame = JSON.stringify({ ...bases[rnd(4)], id: n }).slice(0, 10 + rnd(40));
        else if (kind === 1) frame = JSON.stringify({ ...bases[rnd(4)], id: [n] });
        else if (kind === 2)
          frame = JSON.stringify({ ...bases[rnd(4)], id: Number.MAX_SAFE_INTEGER * 1e300 });
        else if (kind === 3) {
          frame = `{"jsonrpc":"2.0","id":${n},"method":"x","params":${deep}}`;
          expectId = n; // answered with an error by the relay
        } else if (kind === 4)
          frame = JSON.stringify([
            { ...bases[0], id: n },
            { ...bases[2], id: n + 1 },
          ]);
        else if (kind === 5) frame = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/whatever' });
        else if (kind === 6) frame = JSON.stringify({ ...bases[1], id: n, pad: 'x'.repeat(MAX) });
        else if (kind === 7) {
          frame = JSON.stringify({ ...bases[1], id: n });
          headers['content-type'] = 'text/plain';
        } else if (kind === 8) frame = rnd(2) ? 'null' : '42';
        else {
          frame = JSON.stringify({ ...bases[rnd(4)], id: n });
          expectId = n;
        }
        const a = await post(frame, headers);
        counts.answered++;
        if (a.status === 202) counts.accepted++;
        else if (a.status >= 400) counts.refused++;
        if (expectId !== undefined) {
          const m = answerOf(a);
          if (m?.id !== expectId || !('result' in m || 'error' in m))
            problems.push(`${n}: ${a.status} ${a.body.slice(0, 120)}`);
          else counts.withId++;
          if ((m?.error as { code?: number } | undefined)?.code === -32001) counts.denied++;
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(counts.answered).toBe(N);
    expect(counts.withId).toBeGreaterThan(N / 4); // a third of the frames are well-formed requests
    expect(counts.denied).toBeGreaterThan(0); // the policy still judged
    expect(counts.refused).toBeGreaterThan(N / 3);
    expect(counts.accepted).toBeGreaterThan(0);
    expect(front.inFlight()).toBe(0);
    const health = await fetch(new URL('/healthz', front.url));
    expect(health.status).toBe(200);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  }, 300_000);
});
