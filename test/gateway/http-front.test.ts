import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  connectHttp,
  proxyCommand,
  SERVERS,
  startHttpProxy,
  tempDir,
  writePolicy,
} from '../support/mcp.js';
import { rawRequest } from '../support/http.js';

/**
 * The network front (`mcpshield proxy --listen`): who may call it, and one upstream per session. Every
 * request goes to 127.0.0.1; Host and Origin are set by hand to play a DNS-rebinding page.
 */
const KEY = `test-${Math.random().toString(36).slice(2)}`;
let front: Awaited<ReturnType<typeof startHttpProxy>>;

beforeAll(async () => {
  const dir = tempDir('http');
  const policy = writePolicy(
    dir,
    'version: 1\ndefault: allow\nrules:\n  - { tool: get-env, decision: deny }\n',
  );
  front = await startHttpProxy(
    policy,
    {
      pins: `${dir}/pins`,
      name: 'everything',
      extra: ['--api-key', KEY, '--allow-origin', 'https://app.example.com'],
    },
    SERVERS.everything,
  );
}, 60_000);
afterAll(() => front?.stop());

/** A raw request, so that Host and Origin can be anything. */
const raw = (headers: Record<string, string>, body?: string, method = 'POST', path = '/mcp') =>
  rawRequest(front.url, { headers, body, method, path });

/** A new session's id, from a raw initialize. */
const rawSession = async (headers: Record<string, string>) =>
  (await rawRequest(front.url, { headers: { accept: 'application/json', ...headers }, body: INIT })).session!;

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

describe('the HTTP front', () => {
  it('answers health checks', async () => {
    expect((await raw({}, undefined, 'GET', '/healthz')).status).toBe(200);
    expect((await raw({}, undefined, 'GET', '/readyz')).status).toBe(200);
  });

  it('refuses a request without the API key, or with a wrong one', async () => {
    expect((await raw({}, INIT)).status).toBe(401);
    expect((await raw({ authorization: 'Bearer nope' }, INIT)).status).toBe(401);
    expect((await raw({ 'x-api-key': KEY }, INIT)).status).toBe(200);
  });

  it('refuses a foreign Host or Origin (DNS rebinding), and accepts listed origins', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const rebound = await raw({ ...auth, host: 'evil.example:80' }, INIT);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('host `evil.example:80` is not served here');
    const page = await raw({ ...auth, origin: 'https://evil.example' }, INIT);
    expect(page.status).toBe(403);
    expect((await raw({ ...auth, origin: 'https://app.example.com' }, INIT)).status).toBe(200);
    expect((await raw({ ...auth, origin: 'http://localhost:5173' }, INIT)).status).toBe(200);
  });

  it('answers unknown sessions and requests without one with errors', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await raw({ ...auth, 'mcp-session-id': 'nope' }, list)).status).toBe(404);
    expect((await raw(auth, list)).status).toBe(400);
    expect((await raw(auth, '{not json')).status).toBe(400);
  });

  it('speaks Streamable HTTP strictly: batches, content types, versions, streams and DELETE', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const batch = JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    const refused = await raw(auth, batch);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('batches are not accepted');
    expect((await raw({ ...auth, 'content-type': 'text/plain' }, INIT)).status).toBe(415);
    expect((await raw({ ...auth, accept: 'text/html' }, INIT)).status).toBe(406);
    expect((await raw({ ...auth, 'mcp-protocol-version': '1999-01-01' }, INIT)).status).toBe(400);
    const session = await rawSession(auth);
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 'p', method: 'ping' });
    const pong = await raw({ ...auth, 'mcp-session-id': session }, ping);
    expect(JSON.parse(pong.body)).toEqual({ jsonrpc: '2.0', id: 'p', result: {} });
    const closed = await raw({ ...auth, 'mcp-session-id': session }, undefined, 'DELETE');
    expect(closed.status).toBe(200);
    expect((await raw({ ...auth, 'mcp-session-id': session }, ping)).status).toBe(404);
  });

  it('gives each session its own upstream, and judges each session’s calls', async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const [a, b] = await Promise.all([connectHttp(front.url, headers), connectHttp(front.url, headers)]);
    try {
      // The toggle is per server process: on in a's upstream only.
      await a.client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
      await a.client.setLoggingLevel('debug');
      await b.client.setLoggingLevel('debug');
      await new Promise((r) => setTimeout(r, 300));
      // Simulated log lines read `<Level>-level message`; roots sync logs `Roots updated...` on both.
      const simulated = (peer: typeof a) =>
        peer.notifications.filter(
          (n) => n.method === 'notifications/message' && /level[ -]message/i.test(JSON.stringify(n.params)),
        );
      expect(simulated(a).length).toBeGreaterThan(0);
      expect(simulated(b)).toEqual([]);
      await expect(b.client.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(
        /denied by policy \(rules\[0\]\)/,
      );
      const tools = (await a.client.listTools()).tools.map((t) => t.name);
      expect(tools).not.toContain('get-env');
      expect(tools).toContain('echo');
    } finally {
      await Promise.all([a.client.close(), b.client.close()]);
    }
  });

  it('serves Prometheus metrics of what it decided, to loopback only', async () => {
    const m = await raw({}, undefined, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.body).toMatch(
      /mcpshield_decisions_total\{phase="request",decision="deny",rule="rules\[0\]"\} [1-9]/,
    );
    expect(m.body).toMatch(
      /mcpshield_request_duration_seconds_count\{method="tools\/call",outcome="allow"\} [1-9]/,
    );
    expect(m.body).toContain('mcpshield_sessions');
    expect((await raw({ host: 'evil.example' }, undefined, 'GET', '/metrics')).status).toBe(403);
  });
});

describe('stateless clients (2026-07-28)', () => {
  it('discover the server and call tools without a session, every request judged', async () => {
    const headers = { authorization: `Bearer ${KEY}`, 'mcp-protocol-version': '2026-07-28' };
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const send = async (id: number, method: string, params: Record<string, unknown> = {}) => {
      const r = await raw(
        headers,
        JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }),
      );
      expect(r.status).toBe(200);
      return JSON.parse(r.body) as { id: number; result?: Record<string, unknown>; error?: { code: number } };
    };
    const discover = await send(1, 'server/discover');
    expect(discover.result).toMatchObject({
      supportedVersions: ['2026-07-28'],
      serverInfo: { name: 'mcp-servers/everything' },
      capabilities: { tools: {} },
    });
    const tools = ((await send(2, 'tools/list')).result!.tools as { name: string }[]).map((t) => t.name);
    expect(tools).toContain('echo');
    expect(tools).not.toContain('get-env'); // the policy's list filtering applies
    // Two clients choosing the same id at once each get their own answer.
    const [one, two] = await Promise.all([
      send(7, 'tools/call', { name: 'echo', arguments: { message: 'one' } }),
      send(7, 'tools/call', { name: 'echo', arguments: { message: 'two' } }),
    ]);
    expect(one).toMatchObject({ id: 7, result: { content: [{ type: 'text', text: 'Echo: one' }] } });
    expect(two).toMatchObject({ id: 7, result: { content: [{ type: 'text', text: 'Echo: two' }] } });
    expect((await send(8, 'tools/call', { name: 'get-env', arguments: {} })).error?.code).toBe(-32001);
  });
});

describe('the official 2026-07-28 client (@modelcontextprotocol/client 2.x)', () => {
  it('negotiates the stateless revision through the gateway and is judged like any client', async () => {
    const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
    const client = new Client(
      { name: 'stateless-client', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(front.url), {
        requestInit: { headers: { authorization: `Bearer ${KEY}` } },
      }),
    );
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      expect(tools).not.toContain('get-env');
      expect(await client.callTool({ name: 'echo', arguments: { message: 'v2' } })).toMatchObject({
        content: [{ type: 'text', text: 'Echo: v2' }],
      });
      await expect(client.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(/denied by policy/);
    } finally {
      await client.close();
    }
  });
});

describe('the stdio shape with --metrics', () => {
  it('serves the decisions it made as Prometheus metrics, and health', async () => {
    const dir = tempDir('stdio-metrics');
    const policy = writePolicy(
      dir,
      'version: 1\ndefault: allow\nrules:\n  - { tool: get-env, decision: deny }\n',
    );
    const port = await freePort();
    const gw = proxyCommand(policy, { pins: `${dir}/pins`, name: 'everything' }, SERVERS.everything);
    gw.args.splice(gw.args.indexOf('--'), 0, '--metrics', `127.0.0.1:${port}`);
    const peer = await connect(gw.command, gw.args);
    try {
      await expect(peer.client.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(
        /denied by policy/,
      );
      await peer.client.callTool({ name: 'echo', arguments: { message: 'hi' } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(
        /mcpshield_decisions_total\{phase="request",decision="deny",rule="rules\[0\]"\} 1/,
      );
      expect(metrics).toMatch(
        /mcpshield_request_duration_seconds_count\{method="tools\/call",outcome="allow"\} 1/,
      );
      expect(metrics).toMatch(/mcpshield_sessions 1/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await peer.client.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
