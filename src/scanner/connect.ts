import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { exerciseTools } from './exercise.js';
import type { Item, Snapshot, Tool } from './snapshot.js';

/** Who the scanner says it is; the second session says it is another product (bait-and-switch). */
export const SCANNER_CLIENT = { name: 'mcpshield-scanner', version: '0.1.0' };
export const OTHER_CLIENT = { name: 'claude-code', version: '2.0.0' };

export type StdioTarget = { kind: 'stdio'; command: string; args: string[]; env: Record<string, string> };
export type UrlTarget = { kind: 'url'; url: string; headers: Record<string, string> };

/** What one MCP session showed. */
export type Session = Pick<
  Snapshot,
  'server' | 'tools' | 'prompts' | 'resources' | 'resourceTemplates' | 'toolsAfterCalls'
> & {
  toolsRelisted: Tool[];
  transport: 'stdio' | 'streamable-http' | 'sse';
};

const MAX_PAGES = 100;
const MAX_STDERR = 64 * 1024;

/** A stdio server's stderr, kept apart from the report (and bounded). */
export class StderrLog {
  text = '';
  add(chunk: Buffer | string): void {
    if (this.text.length < MAX_STDERR) this.text = (this.text + chunk.toString()).slice(0, MAX_STDERR);
  }
  tail(lines = 5): string {
    return this.text.trim().split('\n').slice(-lines).join('\n');
  }
}

export type SessionOptions = {
  timeoutMs: number;
  client?: typeof SCANNER_CLIENT;
  stderr?: StderrLog;
  toolsOnly?: boolean;
  /** Tool calls to make after listing (`--exercise`): only tools that are safe to call; 0 or unset, none. */
  exercise?: number;
};

/**
 * Opens one session, lists everything the server offers (tools twice, to see a definition change within
 * a session), with `exercise` calls safe tools and lists again, and closes. Start-up (spawn, initialize)
 * must finish within `timeoutMs`; so must each request.
 */
export async function openSession(target: StdioTarget | UrlTarget, opts: SessionOptions): Promise<Session> {
  const attempts: [Session['transport'], () => Transport][] =
    target.kind === 'stdio'
      ? [['stdio', () => stdioTransport(target, opts.stderr)]]
      : [
          ['streamable-http', () => httpTransport(target)],
          ['sse', () => sseTransport(target)],
        ];
  let firstError: Error | null = null;
  for (const [transport, make] of attempts) {
    const client = new Client(opts.client ?? SCANNER_CLIENT, { capabilities: {} });
    try {
      await withTimeout(client.connect(make(), { timeout: opts.timeoutMs }), opts.timeoutMs, 'start-up');
      try {
        return await listAll(client, transport, opts);
      } finally {
        // Streamable HTTP sessions are ended explicitly (DELETE), not left to expire on the server.
        const t = client.transport as { terminateSession?: () => Promise<void> } | undefined;
        await t?.terminateSession?.().catch(() => {});
        await client.close().catch(() => {});
      }
    } catch (e) {
      await client.close().catch(() => {});
      firstError ??= e as Error;
      if (isAuthError(e as Error)) break; // a protected server: the legacy transport would not help
    }
  }
  throw firstError ?? new Error('no transport worked');
}

async function listAll(
  client: Client,
  transport: Session['transport'],
  opts: SessionOptions,
): Promise<Session> {
  const o = { timeout: opts.timeoutMs };
  const caps = client.getServerCapabilities() ?? {};
  const info = client.getServerVersion();
  const listTools = () =>
    pages(async (cursor) => {
      const r = await client.listTools(cursor ? { cursor } : {}, o);
      return [r.tools as Tool[], r.nextCursor];
    });
  // A server without the tools capability has none to list (prompts or resources only).
  const tools = caps.tools ? await listTools() : [];
  const session: Session = {
    transport,
    server: {
      name: info?.name,
      version: info?.version,
      protocolVersion: (client.transport as { protocolVersion?: string } | undefined)?.protocolVersion,
      instructions: client.getInstructions(),
    },
    tools,
    toolsRelisted: [],
    toolsAfterCalls: null,
    prompts: [],
    resources: [],
    resourceTemplates: [],
  };
  if (opts.toolsOnly) return session;
  session.toolsRelisted = caps.tools ? await listTools() : [];
  if (caps.prompts) {
    session.prompts = await pages(async (cursor) => {
      const r = await client.listPrompts(cursor ? { cursor } : {}, o);
      return [r.prompts as Item[], r.nextCursor];
    }).catch(() => []);
  }
  if (caps.resources) {
    session.resources = await pages(async (cursor) => {
      const r = await client.listResources(cursor ? { cursor } : {}, o);
      return [r.resources as Item[], r.nextCursor];
    }).catch(() => []);
    session.resourceTemplates = await pages(async (cursor) => {
      const r = await client.listResourceTemplates(cursor ? { cursor } : {}, o);
      return [r.resourceTemplates as Item[], r.nextCursor];
    }).catch(() => []);
  }
  if (opts.exercise && caps.tools) {
    session.toolsAfterCalls = await exerciseTools(client, session.toolsRelisted, {
      calls: opts.exercise,
      timeoutMs: opts.timeoutMs,
      listTools,
    });
  }
  return session;
}

async function pages<T>(fetchPage: (cursor?: string) => Promise<[T[], string | undefined]>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const [items, next] = await fetchPage(cursor);
    out.push(...items);
    if (!next) break;
    cursor = next;
  }
  return out;
}

function stdioTransport(target: StdioTarget, stderr?: StderrLog): Transport {
  const t = new StdioClientTransport({
    command: target.command,
    args: target.args,
    env: { ...getDefaultEnvironment(), ...target.env },
    stderr: 'pipe',
  });
  t.stderr?.on('data', (d: Buffer) => stderr?.add(d));
  return t;
}

function httpTransport(target: UrlTarget): Transport {
  return new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers } });
}

function sseTransport(target: UrlTarget): Transport {
  return new SSEClientTransport(new URL(target.url), {
    requestInit: { headers: target.headers },
    eventSourceInit: {
      fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...target.headers } }),
    },
  });
}

function isAuthError(e: Error): boolean {
  return /\b401\b|unauthori[sz]ed/i.test(e.message);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
