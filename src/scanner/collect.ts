import { readFileSync } from 'node:fs';
import type { ConfiguredServer } from './config.js';
import { OTHER_CLIENT, openSession, StderrLog, type StdioTarget, type UrlTarget } from './connect.js';
import { describeLaunch } from './launch.js';
import { comparePins } from './pins.js';
import { probeHttp } from './probes/http.js';
import { emptySnapshot, type Snapshot, type Tool } from './snapshot.js';

export type Target =
  | StdioTarget
  | UrlTarget
  | { kind: 'tools-json'; file: string }
  /**
   * A server of a client config, audited from its entry alone; with `connect`, also started (stdio) or
   * reached (URL) and scanned live like any other target.
   */
  | { kind: 'config'; server: ConfiguredServer; configPath: string; connect?: boolean };

export type CollectOptions = {
  /** Start-up (spawn and initialize) and each request. */
  timeoutMs: number;
  /** A pin file (`mcpshield proxy --pins DIR` writes one per server) to compare the tools against. */
  pinsFile?: string;
  /** Tool calls to make in the scan's session (`--exercise N`): only tools that are safe to call. */
  exercise?: number;
};

/** The snapshot, and why the target could not be scanned when it could not (`error`). */
export type Collected = { snapshot: Snapshot; error: string | null; stderr: string };

export async function collect(target: Target, opts: CollectOptions): Promise<Collected> {
  const stderr = new StderrLog();
  const snapshot = emptySnapshot(describe(target), 'stdio');
  let error: string | null = null;
  try {
    if (target.kind === 'tools-json') {
      snapshot.transport = 'tools-json';
      snapshot.tools = readToolsJson(target.file);
    } else if (target.kind === 'config') {
      snapshot.transport = 'config';
      const s = target.server;
      snapshot.url = s.url ?? null;
      snapshot.launch = describeLaunch(s.command ?? '', s.args, s.env, s.entry, target.configPath);
      const live = target.connect ? liveTarget(s) : null;
      if (live) error = await scanLive(live, snapshot, opts, stderr);
    } else {
      if (target.kind === 'stdio') snapshot.launch = describeLaunch(target.command, target.args, target.env);
      error = await scanLive(target, snapshot, opts, stderr);
    }
    if (opts.pinsFile) snapshot.pins = comparePins(opts.pinsFile, snapshot.tools);
  } catch (e) {
    error = (e as Error).message;
  }
  return { snapshot, error, stderr: stderr.text };
}

async function scanLive(
  target: StdioTarget | UrlTarget,
  snapshot: Snapshot,
  opts: CollectOptions,
  stderr: StderrLog,
): Promise<string | null> {
  let error: string | null = null;
  try {
    // The second session (as another client, for bait-and-switch) runs beside the first.
    const [session, other] = await Promise.all([
      openSession(target, { timeoutMs: opts.timeoutMs, stderr, exercise: opts.exercise }),
      openSession(target, { timeoutMs: opts.timeoutMs, client: OTHER_CLIENT, toolsOnly: true }).catch(
        () => null,
      ),
    ]);
    Object.assign(snapshot, session);
    snapshot.toolsAsOtherClient = other?.tools ?? null;
  } catch (e) {
    const tail = stderr.tail();
    error = `cannot connect to \`${snapshot.target}\`: ${(e as Error).message}${tail ? ` (stderr: ${tail})` : ''}`;
  }
  if (target.kind === 'url') {
    snapshot.url = target.url;
    const transport = snapshot.transport === 'sse' ? 'sse' : 'streamable-http';
    snapshot.transport = transport;
    snapshot.http = await probeHttp(target.url, {
      transport,
      headers: target.headers,
      timeoutMs: opts.timeoutMs,
    });
    const h = snapshot.http;
    if (error && h.anonymous === null) error = `cannot reach \`${target.url}\`: no answer`;
    else if (error && h.anonymous?.status === 401 && !h.credentials) {
      error = `\`${target.url}\` requires authentication (401): pass --bearer TOKEN or --header 'Name: value'`;
    } else if (error && h.credentials && h.sessionIds.length === 0) {
      error = `\`${target.url}\` refused the credentials given (${h.anonymous?.status ?? 'no answer'}): ${error}`;
    }
  }
  return error;
}

/** How to reach a configured server: its command, or its URL with its headers. */
function liveTarget(s: ConfiguredServer): StdioTarget | UrlTarget | null {
  if (s.command) return { kind: 'stdio', command: s.command, args: s.args, env: s.env };
  if (s.url)
    return {
      kind: 'url',
      url: s.url,
      headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v])),
    };
  return null;
}

function describe(target: Target): string {
  if (target.kind === 'stdio') return [target.command, ...target.args].join(' ');
  if (target.kind === 'url') return target.url;
  if (target.kind === 'tools-json') return target.file;
  return `${target.configPath}#${target.server.name}`;
}

/** A saved `tools/list`: the result (`{tools}`), a JSON-RPC response, or the bare array. */
export function readToolsJson(file: string): Tool[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read tools file \`${file}\`: ${(e as Error).message}`);
  }
  const o = json as { tools?: unknown; result?: { tools?: unknown } };
  const tools = Array.isArray(json) ? json : Array.isArray(o?.tools) ? o.tools : o?.result?.tools;
  if (!Array.isArray(tools)) throw new Error(`tools file \`${file}\` has no \`tools\` array`);
  return tools.filter((t): t is Tool => t !== null && typeof t === 'object' && typeof t.name === 'string');
}
