import type { RawServer, Scope, Transport } from './types.js';

/** A parsed config whose structure is not what its client writes (`mcpServers` is a list, ...). */
export class ConfigShapeError extends Error {}

export type Origin = { scope: Scope; workspace?: string | null };

type Entry = Record<string, unknown>;
/** A key or index on the way to a value in a parsed document. */
export type Key = string | number;

export function isObject(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a key path, or undefined; `where` names the path in errors. */
export function at(doc: unknown, ...keys: string[]): unknown {
  let v = doc;
  for (const k of keys) {
    if (!isObject(v)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * The servers of a map `{ name: { command, args, env, url, ... } }`, the shape nearly every client uses
 * (`mcpServers`, VS Code's `servers`, Zed's `context_servers`, Codex's `mcp_servers`, Goose's
 * `extensions`, OpenCode's `mcp`). Absent: no servers. Not a map: the file is not what the client writes.
 */
export function serversOfMap(map: unknown, path: Key[], origin: Origin): RawServer[] {
  const where = path.join('.');
  if (map === undefined || map === null) return [];
  if (!isObject(map)) throw new ConfigShapeError(`\`${where}\` is not an object`);
  const out: RawServer[] = [];
  for (const [name, entry] of Object.entries(map)) {
    if (!isObject(entry)) throw new ConfigShapeError(`\`${where}.${name}\` is not an object`);
    out.push(normalizeServer(name, entry, origin, [...path, name]));
  }
  return out;
}

/** The servers of a list `[{ name, command, ... }]` (Continue). */
export function serversOfList(list: unknown, path: Key[], origin: Origin): RawServer[] {
  const where = path.join('.');
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ConfigShapeError(`\`${where}\` is not a list`);
  return list.map((entry, i) => {
    if (!isObject(entry)) throw new ConfigShapeError(`\`${where}[${i}]\` is not an object`);
    const name = typeof entry.name === 'string' && entry.name ? entry.name : `#${i}`;
    return normalizeServer(name, entry, origin, [...path, i]);
  });
}

/**
 * One server entry, whatever the client's spelling: `command` as a string, a list (OpenCode) or an object
 * (Zed's `{path, args, env}`), `cmd` (Goose); `env`, `environment`, `envs`; `url`, `serverUrl`
 * (Windsurf), `httpUrl` (Gemini), `uri` (Goose); `headers`, `http_headers` (Codex); trust and
 * auto-approval flags.
 */
export function normalizeServer(name: string, e: Entry, origin: Origin, entryPath: Key[] = []): RawServer {
  let command: string | null = null;
  let args = strings(e.args);
  let env = stringMap(e.env ?? e.environment ?? e.envs);
  const cmd = e.command ?? e.cmd;
  if (typeof cmd === 'string' && cmd.trim()) command = cmd;
  else if (Array.isArray(cmd) && cmd.length > 0) {
    const [first, ...rest] = strings(cmd);
    command = first ?? null;
    args = [...rest, ...args];
  } else if (isObject(cmd) && typeof cmd.path === 'string') {
    command = cmd.path;
    args = strings(cmd.args);
    env = { ...stringMap(cmd.env), ...env };
  }
  // Goose lists variables it reads from the keyring by name only.
  for (const key of strings(e.env_keys)) env[key] ??= '';

  const urlValue = [e.url, e.serverUrl, e.httpUrl, e.uri].find((v) => typeof v === 'string' && v.trim());
  const url = command === null && typeof urlValue === 'string' ? urlValue : null;
  const headers = stringMap(e.headers ?? e.http_headers ?? at(e, 'requestInit', 'headers'));
  for (const key of Object.keys(stringMap(e.env_http_headers))) headers[key] ??= '';
  if (typeof e.bearer_token_env_var === 'string') headers.Authorization ??= '';

  const autoApprove = [...strings(e.autoApprove), ...strings(e.alwaysAllow)];
  if (e.trust === true) autoApprove.push('*');
  const tools = [...strings(e.tools), ...strings(e.includeTools), ...strings(e.enabled_tools)];

  return {
    name,
    transport: transportOf(e, command, url, typeof e.httpUrl === 'string'),
    command,
    args,
    url,
    env,
    headers,
    autoApprove,
    tools,
    enabled: e.disabled !== true && e.enabled !== false,
    scope: origin.scope,
    workspace: origin.workspace ?? null,
    entryPath,
  };
}

function transportOf(e: Entry, command: string | null, url: string | null, httpUrl: boolean): Transport {
  if (command !== null || url === null) return 'stdio';
  const declared = [e.type, e.transport, at(e, 'transport', 'type')].find((v) => typeof v === 'string');
  const type = typeof declared === 'string' ? declared.toLowerCase() : '';
  if (type.includes('sse')) return 'sse';
  if (type || httpUrl) return 'http';
  return pathOf(url).replace(/\/$/, '').endsWith('/sse') ? 'sse' : 'http';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x) => x !== null && x !== undefined).map((x) => (typeof x === 'string' ? x : String(x)));
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v))
    out[k] = typeof x === 'string' ? x : x === null || x === undefined ? '' : JSON.stringify(x);
  return out;
}
