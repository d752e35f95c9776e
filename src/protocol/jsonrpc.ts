/** JSON-RPC 2.0 message shapes and guards (MCP uses JSON-RPC 2.0 without batches since 2025-06-18). */
export type JsonRpcId = string | number;

/** A map key for a request id: `1` and `"1"` are different ids. */
export const idKey = (id: JsonRpcId) => (typeof id === 'number' ? `n${id}` : `s${id}`);
export type JsonRpcRequest = { jsonrpc: '2.0'; id: JsonRpcId; method: string; params?: unknown };
export type JsonRpcNotification = { jsonrpc: '2.0'; method: string; params?: unknown };
export type JsonRpcError = { code: number; message: string; data?: unknown };
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId | null; error: JsonRpcError };
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** Standard JSON-RPC error codes, plus the one MCPShield uses for policy denials. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** Implementation-defined server error range: a call denied by policy. */
  PolicyDenied: -32001,
} as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is JsonRpcId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

export function isRequest(m: unknown): m is JsonRpcRequest {
  return isObject(m) && m.jsonrpc === '2.0' && typeof m.method === 'string' && isId(m.id);
}

export function isNotification(m: unknown): m is JsonRpcNotification {
  return isObject(m) && m.jsonrpc === '2.0' && typeof m.method === 'string' && !('id' in m);
}

export function isResponse(m: unknown): m is JsonRpcResponse {
  if (!isObject(m) || m.jsonrpc !== '2.0' || 'method' in m) return false;
  const hasResult = 'result' in m;
  const hasError = 'error' in m;
  if (hasResult === hasError) return false;
  if (hasError) {
    const e = m.error;
    return (
      (m.id === null || isId(m.id)) &&
      isObject(e) &&
      typeof e.code === 'number' &&
      typeof e.message === 'string'
    );
  }
  return isId(m.id);
}

/**
 * Reason why a value is not a valid JSON-RPC 2.0 message, or undefined when it is one.
 * Batches (arrays) are reported, not accepted: a batch could smuggle a call past per-message policy.
 */
export function invalidMessageReason(m: unknown): string | undefined {
  if (Array.isArray(m)) return 'json-rpc batches are not accepted';
  if (!isObject(m)) return 'a json-rpc message must be an object';
  if (m.jsonrpc !== '2.0') return '`jsonrpc` must be "2.0"';
  if (isRequest(m) || isNotification(m) || isResponse(m)) return undefined;
  if ('method' in m && typeof m.method !== 'string') return '`method` must be a string';
  if ('id' in m && !isId(m.id) && m.id !== null) return '`id` must be a string or a number';
  return 'not a request, notification or response';
}
