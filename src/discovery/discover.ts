import { homedir } from 'node:os';
import { parse as parsePath, resolve } from 'node:path';
import { clients as registry, type ClientReader, type Source } from './clients/index.js';
import {
  fileReader,
  listDir,
  parsedText,
  platformDirs,
  type FileCache,
  type ScanContext,
} from './context.js';
import { maskArgs, maskText } from './mask.js';
import { ConfigSyntaxError } from './parse.js';
import { scoreServer } from './risk/score.js';
import { ConfigShapeError } from './servers.js';
import type { ClientStatus, DiscoveredServer, Inventory, LiveTools, Os, RawServer } from './types.js';

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
  /** Files kept from an earlier scan, re-read only when their modification time or size changed. */
  cache?: FileCache;
  /**
   * `--deep`: start each enabled stdio server (the caller decides how: the CLI uses the gateway's
   * sandbox) and list its tools, so that the score reflects what it really exposes.
   */
  deep?: (server: RawServer) => Promise<LiveTools>;
};

/** Servers started at once by `--deep`. */
const DEEP_CONCURRENCY = 4;

export function currentOs(): Os {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';
}

/** One config file that exists: how it went, and its servers as written (values included, unmasked). */
export type ConfigScan = {
  client: string;
  source: Source;
  status: ClientStatus;
  message?: string;
  servers: RawServer[];
};

/**
 * Every MCP server configured on the machine, with its risk, and every config that exists but could not
 * be read or parsed. Readers run side by side; one client's failure never hides another's servers.
 */
export async function discover(opts: DiscoverOptions = {}): Promise<Inventory> {
  const { home, configs } = await scanConfigs(opts);
  if (opts.deep) await listLiveTools(configs, opts.deep);
  const inv: Inventory = { servers: [], clients: [], errors: [] };
  for (const c of configs) {
    const configPath = c.source.path;
    inv.clients.push({ client: c.client, configPath, status: c.status, servers: c.servers.length });
    if (c.message !== undefined) inv.errors.push({ configPath, message: c.message, client: c.client });
    for (const s of c.servers) inv.servers.push(present(s, c.client, configPath, home));
  }
  return inv;
}

/** Each enabled stdio server started once (the same command in several configs shares one start). */
async function listLiveTools(
  configs: ConfigScan[],
  deep: (s: RawServer) => Promise<LiveTools>,
): Promise<void> {
  const servers = configs.flatMap((c) => c.servers).filter((s) => s.transport === 'stdio' && s.enabled);
  const started = new Map<string, Promise<LiveTools>>();
  const queue = [...servers];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const key = JSON.stringify([s.command, s.args, s.env]);
      if (!started.has(key))
        started.set(
          key,
          deep(s).catch((e: Error) => ({ status: 'failed', error: e.message })),
        );
      s.live = await started.get(key)!;
    }
  };
  await Promise.all(Array.from({ length: DEEP_CONCURRENCY }, worker));
}

/** The config files of every selected client, read and parsed, in registry order. */
export async function scanConfigs(
  opts: DiscoverOptions = {},
): Promise<{ home: string; configs: ConfigScan[] }> {
  const { home, clients } = await enumerateSources(opts);
  const results = await Promise.all(clients.map(scanClient));
  return { home, configs: results.flat() };
}

/** One client's candidate files on this machine, and the folders it could not list. */
export type ClientSources = {
  reader: ClientReader;
  ctx: ScanContext;
  sources: Source[];
  folders: { path: string; message: string }[];
};

/** The files every selected client may have, without reading them (project lists aside). */
export async function enumerateSources(
  opts: DiscoverOptions = {},
): Promise<{ home: string; clients: ClientSources[] }> {
  const os = opts.os ?? currentOs();
  const home = resolve(opts.home ?? homedir());
  const root = resolve(opts.root ?? parsePath(process.cwd()).root);
  const readers = selectReaders(opts.clients);
  const read = fileReader(opts.cache);
  const base = { os, home, root, dirs: platformDirs(os, home, root), read, workspaces: [] as string[] };
  const quiet: ScanContext = { ...base, list: (dir) => listDir(dir, []) };

  const remembered = await Promise.all(readers.map((r) => (r.workspaces ? r.workspaces(quiet) : [])));
  const workspaces = [
    ...new Set([...(opts.workspaces ?? []), ...remembered.flat()].map((w) => resolve(home, w))),
  ];
  const clients = await Promise.all(
    readers.map(async (reader): Promise<ClientSources> => {
      const folders: ClientSources['folders'] = [];
      const ctx: ScanContext = { ...base, workspaces, list: (dir) => listDir(dir, folders) };
      const seen = new Set<string>();
      const sources = (await reader.sources(ctx)).filter((s) => !seen.has(s.path) && seen.add(s.path));
      return { reader, ctx, sources, folders };
    }),
  );
  return { home, clients };
}

function selectReaders(ids: string[] | undefined): ClientReader[] {
  if (!ids) return Object.values(registry);
  return ids.map((id) => {
    const reader = registry[id];
    if (!reader) throw new Error(`unknown client \`${id}\` (known: ${Object.keys(registry).join(', ')})`);
    return reader;
  });
}

async function scanClient({ reader, ctx, sources, folders }: ClientSources): Promise<ConfigScan[]> {
  const scans = await Promise.all(sources.map((s) => scanSource(reader.id, s, ctx)));
  // A closed folder hides several files of a client: it is reported once.
  const reported = new Set<string>();
  const once = (path: string) => !reported.has(path) && !!reported.add(path);
  const out = scans.filter((s): s is ConfigScan => s !== null && once(s.source.path));
  for (const f of folders) {
    if (!once(f.path)) continue;
    const source: Source = { path: f.path, format: 'json', scope: 'user', servers: () => [] };
    out.push({ client: reader.id, source, status: 'unreadable', message: f.message, servers: [] });
  }
  return out;
}

async function scanSource(client: string, source: Source, ctx: ScanContext): Promise<ConfigScan | null> {
  const file = await ctx.read(source.path);
  if (file.kind === 'missing') return null;
  if (file.kind === 'unreadable') {
    const where = { ...source, path: file.path };
    return { client, source: where, status: 'unreadable', message: file.message, servers: [] };
  }
  try {
    return { client, source, status: 'ok', servers: source.servers(parsedText(file, source.format)) };
  } catch (e) {
    if (e instanceof ConfigSyntaxError || e instanceof ConfigShapeError)
      return { client, source, status: 'invalid', message: e.message, servers: [] };
    throw e;
  }
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
    ...(s.live
      ? {
          deep:
            s.live.status === 'listed'
              ? { status: 'listed' as const, tools: s.live.tools.map((t) => t.name) }
              : { status: 'failed' as const, error: maskText(s.live.error) },
        }
      : {}),
  };
}
