/**
 * Everything the scanner observed of one target, gathered once (by `collect.ts` and the probes) before any
 * check runs. Checks are pure functions of a snapshot: the same snapshot always gives the same findings,
 * and fixtures are snapshots written by hand.
 */

export type Tool = {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  [key: string]: unknown;
};

/** A prompt, resource or resource template as listed. */
export type Item = {
  name?: string;
  uri?: string;
  uriTemplate?: string;
  description?: string;
  [key: string]: unknown;
};

/** How a server is started, from the command line or a client's config entry. */
export type Launch = {
  command: string;
  args: string[];
  /** Environment set by the config (values stay in memory; reports show names and masked values). */
  env: Record<string, string>;
  /** The config entry as written (flags such as `autoApprove` live here). */
  entry: Record<string, unknown> | null;
  configPath: string | null;
  /** Symbolic links on the way to the server: the command or a script argument. */
  symlinks: { path: string; target: string }[];
  /** The command or a script argument that any user of the machine may rewrite. */
  worldWritable: string[];
};

export type HttpAnswer = {
  status: number;
  headers: Record<string, string>;
  /** The start of the body (at most 64 KiB). */
  body: string;
};

/** What the HTTP probes saw (see `probes/http.ts`). `null` fields were not probed. */
export type HttpFacts = {
  url: string;
  transport: 'streamable-http' | 'sse';
  /** `--bearer` or `--header` were given. */
  credentials: boolean;
  /** The MCP request without any credentials. */
  anonymous: HttpAnswer | null;
  /** RFC 9728 protected resource metadata, where it was looked for and what came back. */
  resourceMetadata: { url: string; answer: HttpAnswer | null; json: Record<string, unknown> | null } | null;
  /** RFC 8414 (or OpenID Connect discovery) metadata of each listed authorization server. */
  authServers: {
    issuer: string;
    url: string | null;
    answer: HttpAnswer | null;
    json: Record<string, unknown> | null;
  }[];
  /** The MCP request with `Origin: https://attacker.example` (DNS rebinding and CORS). */
  foreignOrigin: HttpAnswer | null;
  /** The MCP request with `Host: attacker.example`. */
  foreignHost: HttpAnswer | null;
  /** `Mcp-Session-Id` values of several fresh sessions. */
  sessionIds: string[];
  /** A request on an authenticated session, sent again without the credentials. */
  sessionWithoutCredentials: HttpAnswer | null;
  /** The MCP request with a bearer token issued for another resource (unsigned, foreign audience). */
  foreignToken: HttpAnswer | null;
  /** A non-loopback address of this machine on which the loopback target's port also accepts connections. */
  allInterfaces: string | null;
};

export type Snapshot = {
  /** What was scanned, as shown in reports. */
  target: string;
  transport: 'stdio' | 'streamable-http' | 'sse' | 'tools-json' | 'config';
  /** The URL of a remote server (given on the command line or in a config entry). */
  url: string | null;
  server: { name?: string; version?: string; protocolVersion?: string; instructions?: string } | null;
  tools: Tool[];
  prompts: Item[];
  resources: Item[];
  resourceTemplates: Item[];
  /** `tools/list` asked a second time in the same session (null: not asked). */
  toolsRelisted: Tool[] | null;
  /** `tools/list` in a session whose client said it was another product (null: not asked). */
  toolsAsOtherClient: Tool[] | null;
  /**
   * With `--exercise`: `tools/list` after each tool call and after each `notifications/tools/list_changed`,
   * with the tools called before it, in order (null: not asked, the default).
   */
  toolsAfterCalls: { calls: string[]; tools: Tool[] }[] | null;
  launch: Launch | null;
  http: HttpFacts | null;
  /** Saved pins (`--pins`): tool name to pinned hash, and the hashes of the tools as listed now. */
  pins: { pinned: Record<string, string>; current: Record<string, string> } | null;
};

export function emptySnapshot(target: string, transport: Snapshot['transport']): Snapshot {
  return {
    target,
    transport,
    url: null,
    server: null,
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
    toolsRelisted: null,
    toolsAsOtherClient: null,
    toolsAfterCalls: null,
    launch: null,
    http: null,
    pins: null,
  };
}
