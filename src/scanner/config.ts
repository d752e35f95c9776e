import { readFileSync } from 'node:fs';

/** One server of a client config (`mcpServers`, or VS Code's `servers`). */
export type ConfiguredServer = {
  name: string;
  entry: Record<string, unknown>;
  /** A stdio server. */
  command?: string;
  args: string[];
  env: Record<string, string>;
  /** A remote server. */
  url?: string;
  headers: Record<string, string>;
};

/** The servers of an MCP client config file; throws with a clear message when it cannot be read. */
export function readClientConfig(path: string): ConfiguredServer[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(
      `cannot read config \`${path}\`: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`config \`${path}\` is not JSON: ${(e as Error).message}`);
  }
  const root = isObject(json) ? json : {};
  const servers = [root.mcpServers, root.servers, isObject(root.mcp) ? root.mcp.servers : undefined].find(
    isObject,
  );
  if (!servers) throw new Error(`config \`${path}\` has no \`mcpServers\` (or \`servers\`) object`);
  return Object.entries(servers)
    .filter((e): e is [string, Record<string, unknown>] => isObject(e[1]))
    .map(([name, entry]) => ({
      name,
      entry,
      command: typeof entry.command === 'string' ? entry.command : undefined,
      args: Array.isArray(entry.args) ? entry.args.map(String) : [],
      env: stringMap(entry.env),
      url:
        typeof entry.url === 'string'
          ? entry.url
          : typeof entry.serverUrl === 'string'
            ? entry.serverUrl
            : undefined,
      headers: stringMap(entry.headers),
    }));
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
