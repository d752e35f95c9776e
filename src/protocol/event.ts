/**
 * One MCP exchange as the gateway sees it: the request, and the result once the server has answered.
 * This is the input of `decide()`, of `mcpshield inspect --jsonl`, and of `POST /v1/inspect`.
 */
export type McpEvent = {
  /** Name of the upstream server (as the gateway or the client config calls it). */
  server: string;
  /** JSON-RPC method, e.g. `tools/call`, `tools/list`, `resources/read`. */
  method: string;
  /** Request params as sent by the client. */
  params?: unknown;
  /** The server's result; present when the response is judged. */
  result?: unknown;
  /** Optional name of the client (for audit and per-client limits). */
  client?: string;
  /** What happened earlier in the same session, for session rules. The gateway fills it. */
  session?: SessionView;
};

/** A compact memory of a session's earlier calls: enough for "after X, no Y" rules. */
export type SessionView = {
  calls: ReadonlyArray<{ server: string; tool: string; detectors?: readonly string[] }>;
};

/** Which way a message travels through the gateway. */
export type Phase = 'request' | 'response';

/** The tool name of a `tools/call` request, or undefined. */
export function toolName(ev: Pick<McpEvent, 'method' | 'params'>): string | undefined {
  if (ev.method !== 'tools/call') return undefined;
  const p = ev.params;
  if (p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string') {
    return (p as { name: string }).name;
  }
  return undefined;
}

/** The arguments of a `tools/call` request (an empty object when absent). */
export function toolArguments(ev: Pick<McpEvent, 'params'>): unknown {
  const p = ev.params;
  if (p && typeof p === 'object' && 'arguments' in p) return (p as { arguments?: unknown }).arguments ?? {};
  return {};
}

/**
 * Validate one input of `inspect --jsonl` / `POST /v1/inspect` as an event. Returns the event, or a one-line
 * reason why the value is not one. Extra fields are ignored.
 */
export function toEvent(value: unknown): McpEvent | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'an event must be a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.server !== 'string' || v.server.length === 0) return '`server` must be a non-empty string';
  if (typeof v.method !== 'string' || v.method.length === 0) return '`method` must be a non-empty string';
  if (
    v.params !== undefined &&
    (v.params === null || typeof v.params !== 'object' || Array.isArray(v.params))
  )
    return '`params` must be an object';
  if (v.method === 'tools/call') {
    const p = v.params as Record<string, unknown> | undefined;
    if (!p || typeof p.name !== 'string') return '`params.name` must name the tool of a tools/call';
    if (
      p.arguments !== undefined &&
      (p.arguments === null || typeof p.arguments !== 'object' || Array.isArray(p.arguments))
    )
      return '`params.arguments` must be an object';
  }
  if (v.client !== undefined && typeof v.client !== 'string') return '`client` must be a string';
  const ev: McpEvent = { server: v.server, method: v.method, params: v.params ?? {} };
  if ('result' in v && v.result !== undefined) ev.result = v.result;
  if (v.client !== undefined) ev.client = v.client as string;
  if (v.session !== undefined) {
    const calls = (v.session as { calls?: unknown } | null)?.calls;
    if (
      !Array.isArray(calls) ||
      !calls.every((c) => c && typeof c.server === 'string' && typeof c.tool === 'string')
    )
      return '`session.calls` must be a list of `{ server, tool }`';
    ev.session = v.session as SessionView;
  }
  return ev;
}
