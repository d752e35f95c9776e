import { homedir } from 'node:os';
import { parse as parsePath, resolve } from 'node:path';
import { clients as registry, type ClientReader, type Source } from './clients/index.js';
import { fileReader, listDir, platformDirs, type ScanContext } from './context.js';
import { maskArgs, maskText } from './mask.js';
import { ConfigSyntaxError, parseConfig } from './parse.js';
import { scoreServer } from './risk/score.js';
import { ConfigShapeError } from './servers.js';
import type { ClientConfig, DiscoveredServer, DiscoveryError, Inventory, Os, RawServer } from './types.js';

export type DiscoverOptions = {
  os?: Os;
  /** Scan this folder as the user's home (default: the real one). */
  home?: string;
  /** Take system-wide locations (`/etc`, `C:\ProgramData`) under this folder (default: the file system root). */
  root?: string;
  /** Project folders to scan besides those the clients remember. */
  workspaces?: string[];
  /** Client ids to scan (default: all). */
  clients?: string[];
};

export function currentOs(): Os {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';
}

/**
 * Every MCP server configured on the machine, with its risk, and every config that exists but could not
 * be read or parsed. Readers run side by side; one client's failure never hides another's servers.
 */
export async function discover(opts: DiscoverOptions = {}): Promise<Inventory> {
  const os = opts.os ?? currentOs();
  const home = resolve(opts.home ?? homedir());
  const root = resolve(opts.root ?? parsePath(process.cwd()).root);
  const readers = selectReaders(opts.clients);
  const read = fileReader();
  const base = { os, home, root, dirs: platformDirs(os, home, root), read, workspaces: [] as string[] };
  const quiet: ScanContext = { ...base, list: (dir) => listDir(dir, []) };

  const remembered = await Promise.all(readers.map((r) => (r.workspaces ? r.workspaces(quiet) : [])));
  const workspaces = [
    ...new Set([...(opts.workspaces ?? []), ...remembered.flat()].map((w) => resolve(home, w))),
  ];

  const results = await Promise.all(readers.map((r) => scanClient(r, { ...base, workspaces })));
  return {
    servers: results.flatMap((r) => r.servers),
    clients: results.flatMap((r) => r.clients),
    errors: results.flatMap((r) => r.errors),
  };
}

function selectReaders(ids: string[] | undefined): ClientReader[] {
  if (!ids) return Object.values(registry);
  return ids.map((id) => {
    const reader = registry[id];
    if (!reader) throw new Error(`unknown client \`${id}\` (known: ${Object.keys(registry).join(', ')})`);
    return reader;
  });
}

type ClientScan = Inventory;

async function scanClient(reader: ClientReader, base: Omit<ScanContext, 'list'>): Promise<ClientScan> {
  const folders: { path: string; message: string }[] = [];
  const ctx: ScanContext = { ...base, list: (dir) => listDir(dir, folders) };
  const seen = new Set<string>();
  const sources = (await reader.sources(ctx)).filter((s) => !seen.has(s.path) && seen.add(s.path));
  const scans = await Promise.all(sources.map((s) => scanSource(reader.id, s, ctx)));
  const out: ClientScan = { servers: [], clients: [], errors: [] };
  for (const s of scans) {
    if (!s) continue;
    out.clients.push(s.client);
    out.servers.push(...s.servers);
    if (s.error) out.errors.push(s.error);
  }
  for (const f of folders) {
    out.clients.push({ client: reader.id, configPath: f.path, status: 'unreadable', servers: 0 });
    out.errors.push({ configPath: f.path, message: f.message, client: reader.id });
  }
  return out;
}

type SourceScan = { client: ClientConfig; servers: DiscoveredServer[]; error?: DiscoveryError } | null;

async function scanSource(client: string, source: Source, ctx: ScanContext): Promise<SourceScan> {
  const configPath = source.path;
  const file = await ctx.read(configPath);
  if (file.kind === 'missing') return null;
  if (file.kind === 'unreadable') return failed(client, configPath, 'unreadable', file.message);
  let raw: RawServer[];
  try {
    raw = source.servers(parseConfig(file.text, source.format));
  } catch (e) {
    if (e instanceof ConfigSyntaxError || e instanceof ConfigShapeError)
      return failed(client, configPath, 'invalid', e.message);
    throw e;
  }
  return {
    client: { client, configPath, status: 'ok', servers: raw.length },
    servers: raw.map((s) => present(s, client, configPath, ctx.home)),
  };
}

function failed(
  client: string,
  configPath: string,
  status: 'unreadable' | 'invalid',
  message: string,
): SourceScan {
  return {
    client: { client, configPath, status, servers: 0 },
    servers: [],
    error: { configPath, message, client },
  };
}

/** A server as it may leave the machine: names of variables and headers only, credentials masked, scored. */
function present(s: RawServer, client: string, configPath: string, home: string): DiscoveredServer {
  return {
    client,
    configPath,
    name: s.name,
    transport: s.transport,
    command: s.command === null ? null : maskText(s.command),
    args: maskArgs(s.args),
    url: s.url === null ? null : maskText(s.url),
    env: Object.keys(s.env),
    risk: scoreServer(s, home),
    headers: Object.keys(s.headers),
    scope: s.scope,
    workspace: s.workspace,
    enabled: s.enabled,
  };
}
