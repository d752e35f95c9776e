import type { Factor, RiskLevel } from './risk/types.js';

export type Os = 'linux' | 'macos' | 'windows';
export type Transport = 'stdio' | 'http' | 'sse';
export type ConfigFormat = 'json' | 'toml' | 'yaml';

/** Where a server is configured, as its client calls it. */
export type Scope =
  'user' | 'project' | 'local' | 'workspace' | 'managed' | 'system' | 'plugin' | 'extension';

/**
 * One server as a client's config declares it, before masking and scoring. `env` and `headers` keep their
 * values: the scorer looks for hardcoded secrets in them; only names are ever printed.
 */
export type RawServer = {
  name: string;
  transport: Transport;
  command: string | null;
  args: string[];
  url: string | null;
  env: Record<string, string>;
  headers: Record<string, string>;
  /** Tools the client runs without asking (`autoApprove`, `alwaysAllow`), or `*` for a trust flag. */
  autoApprove: string[];
  /** Tools the config names (allow lists such as Copilot CLI's `tools`, Gemini's `includeTools`). */
  tools: string[];
  enabled: boolean;
  scope: Scope;
  /** The project folder a workspace or per-project entry belongs to. */
  workspace: string | null;
  /** Where the entry is in its parsed file (`['mcpServers', 'github']`), for `wrap`. */
  entryPath: (string | number)[];
  /** `--deep`: what the running server really exposes, or why it could not be listed. */
  live?: LiveTools;
};

/** A tool as a running server lists it (`tools/list`). */
export type LiveTool = { name: string; description?: string; inputSchema?: unknown; annotations?: unknown };

export type LiveTools = { status: 'listed'; tools: LiveTool[] } | { status: 'failed'; error: string };

/** One server in the inventory: the fixed contract of `mcpshield discover --format json`, plus additions. */
export type DiscoveredServer = {
  client: string;
  configPath: string;
  name: string;
  transport: Transport;
  command: string | null;
  args: string[];
  url: string | null;
  env: string[];
  risk: { score: number; level: RiskLevel; factors: Factor[] };
  headers: string[];
  scope: Scope;
  workspace: string | null;
  enabled: boolean;
  /** `--deep` only: the tools the running server listed, or why it could not be started or listed. */
  deep?: { status: 'listed'; tools: string[] } | { status: 'failed'; error: string };
};

export type ClientStatus = 'ok' | 'unreadable' | 'invalid';

export type ClientConfig = { client: string; configPath: string; status: ClientStatus; servers: number };

export type DiscoveryError = { configPath: string; message: string; client: string };

export type Inventory = {
  servers: DiscoveredServer[];
  clients: ClientConfig[];
  errors: DiscoveryError[];
};
