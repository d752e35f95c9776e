import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { ROOT } from './source.js';

/** The real servers from npm, started with this Node. */
export const SERVERS = {
  everything: [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  filesystem: [join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js')],
  memory: [join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
} as const;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mcpshield-${prefix}-`));
}

export function writePolicy(dir: string, yaml: string): string {
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The built CLI, whose `proxy` is one bundled file (`scripts/bundle-proxy.js`). */
export const BUILT_CLI = join(ROOT, 'dist/cli/main.js');

/** The gateway CLI from sources (through tsx), or as built with `built`, wrapping `server`. */
export function proxyCommand(
  policy: string,
  opts: { pins: string; audit?: string; name?: string; built?: boolean },
  server: readonly string[],
) {
  const args = [
    ...(opts.built ? [BUILT_CLI] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')]),
    'proxy',
    '--policy',
    policy,
    '--pins',
    opts.pins,
  ];
  if (opts.audit) args.push('--audit', opts.audit);
  if (opts.name) args.push('--name', opts.name);
  return { command: process.execPath, args: [...args, '--', process.execPath, ...server] };
}

export type Recorded = { method: string; params: unknown }[];

/**
 * An SDK client that answers sampling, elicitation and roots the same way every time, and records every
 * notification it gets.
 */
export async function connect(command: string, args: string[], env?: Record<string, string>) {
  const transport = new StdioClientTransport({
    command,
    args,
    stderr: 'pipe',
    env: { ...(env ?? {}), PATH: process.env.PATH ?? '', MCPSHIELD_LOG_LEVEL: 'warn' },
  });
  const stderr: string[] = [];
  transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  return { ...(await attach(transport)), stderr };
}

async function attach(transport: Transport) {
  const client = new Client(
    { name: 'fidelity', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } },
  );
  const notifications: Recorded = [];
  client.fallbackNotificationHandler = async (n) => {
    notifications.push({ method: n.method, params: n.params });
  };
  const requests: Recorded = [];
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return {
      model: 'test-model',
      role: 'assistant',
      content: { type: 'text', text: `echo: ${JSON.stringify(req.params.messages[0]?.content)}` },
    };
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return { action: 'accept', content: { name: 'Ada', color: 'blue', email: 'ada@example.com' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, async (req) => {
    requests.push({ method: req.method, params: req.params });
    return { roots: [{ uri: 'file:///tmp/project', name: 'project' }] };
  });
  await client.connect(transport);
  return { client, transport, notifications, requests, stderr: [] as string[] };
}

/** Start `mcpshield proxy --listen 127.0.0.1:0` and return its URL (printed on stdout) and a stop. */
export async function startHttpProxy(
  policy: string,
  opts: { pins: string; audit?: string; name?: string; built?: boolean; extra?: string[] },
  server: readonly string[],
) {
  const { spawn } = await import('node:child_process');
  const gw = proxyCommand(policy, opts, server);
  const at = gw.args.indexOf('--');
  const args = [
    ...gw.args.slice(0, at),
    '--listen',
    '127.0.0.1:0',
    ...(opts.extra ?? []),
    ...gw.args.slice(at),
  ];
  // The environment a stdio client gives its server, so that servers see the same either way.
  const env = { ...getDefaultEnvironment(), PATH: process.env.PATH ?? '', MCPSHIELD_LOG_LEVEL: 'warn' };
  const child = spawn(gw.command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stderr: string[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`proxy exited with ${code}: ${stderr.join('')}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop, stderr };
}

/** The same client as `connect`, over Streamable HTTP. */
export async function connectHttp(url: string, headers: Record<string, string> = {}) {
  const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  return attach(transport);
}

/** The same client over the legacy HTTP+SSE transport (GET /sse, POST /messages). */
export async function connectSse(url: string, headers: Record<string, string> = {}) {
  const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
  const transport = new SSEClientTransport(new URL(url), {
    requestInit: { headers },
    eventSourceInit: {
      fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }),
    },
  });
  return attach(transport);
}

/** The same client over WebSocket: the SDK's own client transport, on `ws` (Node 20 has no global one). */
export async function connectWs(url: string) {
  const [{ WebSocketClientTransport }, { WebSocket }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/websocket.js'),
    import('ws'),
  ]);
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  return attach(new WebSocketClientTransport(new URL(url)));
}

/**
 * server-everything over Streamable HTTP, the legacy SSE transport or WebSocket (our fixture around the
 * package's own server) on a free loopback port.
 */
export async function startHttpServer(mode: 'streamableHttp' | 'sse' | 'websocket' = 'streamableHttp') {
  const { spawn } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const env = { ...getDefaultEnvironment(), PATH: process.env.PATH ?? '', PORT: String(port) };
  const script =
    mode === 'websocket'
      ? [join(ROOT, 'test/fixtures/servers/everything-ws.mjs')]
      : [SERVERS.everything[0], mode];
  const child = spawn(process.execPath, script, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on port|running on port/i.test(err)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url =
    mode === 'websocket'
      ? `ws://127.0.0.1:${port}/`
      : `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`;
  return { url, stop };
}
