import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { mcpshieldHome } from './home.js';
import { controlPlaneBase } from '../protocol/control-plane-url.js';

/** The control plane a gateway (or the scanner) reports to, and the project key it presents. */
export type ControlPlane = {
  /** The control plane's base URL, without `/api`: `https://mcpshield.example.com`. */
  url: URL;
  apiKey: string;
  /** Local state of this control plane and key: `$MCPSHIELD_HOME/{cache,spool/audit}/<id>`. */
  id: string;
};

export const API_KEY_PREFIX = 'mcps_';

/**
 * Checks the URL and key. The local id is a hash of the URL and the key's public prefix (its first 13
 * characters, as the control plane lists it): caches and spools never hold the key itself.
 */
export function controlPlane(url: string, apiKey: string): ControlPlane {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`control plane \`${url}\` is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`control plane \`${url}\` must be an http(s) URL`);
  if (!apiKey.startsWith(API_KEY_PREFIX))
    throw new Error(`the control plane's API key starts with \`${API_KEY_PREFIX}\` (a project key)`);
  parsed.search = '';
  parsed.hash = '';
  const base = controlPlaneBase(parsed.toString());
  const id = createHash('sha256')
    .update(`${base}\n${apiKey.slice(0, 13)}`)
    .digest('hex')
    .slice(0, 16);
  return { url: new URL(base), apiKey, id };
}

/**
 * A request to the control plane's API (`path` under `/api`) with the key; fails after `timeoutMs`
 * (`null`: never, for a stream).
 */
export function callControlPlane(
  cp: ControlPlane,
  path: string,
  init: RequestInit & { timeoutMs?: number | null } = {},
): Promise<Response> {
  const { timeoutMs = 10_000, ...rest } = init;
  const signals = [
    ...(timeoutMs === null ? [] : [AbortSignal.timeout(timeoutMs)]),
    ...(rest.signal ? [rest.signal] : []),
  ];
  return fetch(`${controlPlaneBase(cp.url.toString())}/api${path}`, {
    ...rest,
    signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    headers: { 'x-api-key': cp.apiKey, accept: 'application/json', ...(rest.headers ?? {}) },
  });
}

/** Why a call failed, in one line: `HTTP 401: a valid API key is required` or the network's error. */
export async function failureOf(res: Response | Error): Promise<string> {
  if (res instanceof Error) {
    const cause = (res as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? res.message;
  }
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 200);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // not JSON: the text as is
  }
  return `HTTP ${res.status}${message ? `: ${message}` : ''}`;
}

export const policyCacheFile = (cp: ControlPlane) => join(mcpshieldHome(), 'cache', `policy-${cp.id}.json`);
export const auditSpoolDir = (cp: ControlPlane) => join(mcpshieldHome(), 'spool', 'audit', cp.id);
