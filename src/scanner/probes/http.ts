import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { classifyHost } from '../../detectors/lib/url.js';
import type { HttpAnswer, HttpFacts } from '../snapshot.js';
import { jsonOf, ok, send } from './request.js';

export type ProbeOptions = {
  transport: 'streamable-http' | 'sse';
  /** Headers that carry the credentials given on the command line (`--bearer`, `--header`). */
  headers: Record<string, string>;
  timeoutMs: number;
};

const SESSIONS = 3;
const FOREIGN_ORIGIN = 'https://attacker.example';

function initializeBody(id: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'mcpshield-scan-probe', version: '1' },
    },
  });
}

/**
 * Probes an HTTP target the way an attacker or a careful client would: without credentials, with a foreign
 * Origin and Host, with a token for another audience, several sessions for their ids; reads its RFC 9728 and
 * RFC 8414 metadata. Every request is an `initialize` (or the SSE stream's GET), which changes nothing on a
 * well-behaved server; sessions opened by a probe are closed again.
 */
export async function probeHttp(url: string, opts: ProbeOptions): Promise<HttpFacts> {
  const t = opts.timeoutMs;
  let nextId = 1;
  const mcp = (headers: Record<string, string>) =>
    opts.transport === 'sse'
      ? send(url, { headers: { accept: 'text/event-stream', ...headers }, timeoutMs: t })
      : send(url, {
          method: 'POST',
          headers: {
            accept: 'application/json, text/event-stream',
            'content-type': 'application/json',
            ...headers,
          },
          body: initializeBody(nextId++),
          timeoutMs: t,
        });
  const opened: string[] = [];
  const track = (a: HttpAnswer | null) => {
    const id = a?.headers['mcp-session-id'];
    if (id) opened.push(id);
    return a;
  };
  const credentials = Object.keys(opts.headers).length > 0;

  const anonymous = track(await mcp({}));
  if (anonymous === null) return unanswered(url, opts.transport, credentials); // no point in asking again
  const sessionIds: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const a = track(await mcp(opts.headers));
    const id = a?.headers['mcp-session-id'];
    if (id) sessionIds.push(id);
  }
  const foreignOrigin = track(await mcp({ ...opts.headers, origin: FOREIGN_ORIGIN }));
  const foreignHost = track(await mcp({ ...opts.headers, host: 'attacker.example' }));
  const foreignToken =
    anonymous?.status === 401 ? track(await mcp({ authorization: `Bearer ${foreignJwt()}` })) : null;

  let sessionWithoutCredentials: HttpAnswer | null = null;
  if (credentials && anonymous?.status === 401 && sessionIds[0] && opts.transport === 'streamable-http') {
    sessionWithoutCredentials = await send(url, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'mcp-session-id': sessionIds[0],
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/list', params: {} }),
      timeoutMs: t,
    });
  }

  const resourceMetadata = await fetchResourceMetadata(url, anonymous, t);
  const servers = resourceMetadata?.json?.authorization_servers;
  const authServers = [];
  for (const issuer of Array.isArray(servers) ? servers.filter((s) => typeof s === 'string') : []) {
    authServers.push(await fetchAuthServerMetadata(issuer, t));
  }

  const allInterfaces = await otherInterfaceAccepting(url, t);

  for (const id of new Set(opened)) {
    if (opts.transport === 'streamable-http') {
      await send(url, { method: 'DELETE', headers: { ...opts.headers, 'mcp-session-id': id }, timeoutMs: t });
    }
  }

  return {
    url,
    transport: opts.transport,
    credentials,
    anonymous,
    resourceMetadata,
    authServers,
    foreignOrigin,
    foreignHost,
    sessionIds,
    sessionWithoutCredentials,
    foreignToken,
    allInterfaces,
  };
}

function unanswered(url: string, transport: HttpFacts['transport'], credentials: boolean): HttpFacts {
  return {
    url,
    transport,
    credentials,
    anonymous: null,
    resourceMetadata: null,
    authServers: [],
    foreignOrigin: null,
    foreignHost: null,
    sessionIds: [],
    sessionWithoutCredentials: null,
    foreignToken: null,
    allInterfaces: null,
  };
}

/** The `resource_metadata` URL of a `WWW-Authenticate: Bearer` challenge (RFC 9728 §5.1). */
export function resourceMetadataParam(header: string | undefined): string | null {
  if (!header) return null;
  const at = header.toLowerCase().indexOf('resource_metadata=');
  if (at < 0) return null;
  const rest = header.slice(at + 'resource_metadata='.length);
  const value = rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1)) : rest.split(/[\s,]/)[0]!;
  return value || null;
}

/** RFC 9728 §3: the challenge's URL, else the path-aware well-known URL, else the root one. */
async function fetchResourceMetadata(url: string, anonymous: HttpAnswer | null, t: number) {
  const u = new URL(url);
  const candidates = [
    resourceMetadataParam(anonymous?.headers['www-authenticate']),
    `${u.origin}/.well-known/oauth-protected-resource${u.pathname === '/' ? '' : u.pathname}`,
    `${u.origin}/.well-known/oauth-protected-resource`,
  ].filter((c): c is string => c !== null);
  let last: HttpFacts['resourceMetadata'] = null;
  for (const candidate of [...new Set(candidates)]) {
    if (!safeToFetch(candidate, url)) continue;
    const answer = await send(candidate, { headers: { accept: 'application/json' }, timeoutMs: t });
    const json = ok(answer) ? jsonOf(answer) : null;
    last = { url: candidate, answer, json: isObject(json) ? json : null };
    if (last.json) return last;
  }
  return last;
}

/** RFC 8414 §3.1 (path inserted after the well-known prefix), then OpenID Connect discovery. */
async function fetchAuthServerMetadata(issuer: string, t: number): Promise<HttpFacts['authServers'][number]> {
  let u: URL;
  try {
    u = new URL(issuer);
  } catch {
    return { issuer, url: null, answer: null, json: null };
  }
  const path = u.pathname === '/' ? '' : u.pathname;
  const candidates = [
    `${u.origin}/.well-known/oauth-authorization-server${path}`,
    `${u.origin}/.well-known/openid-configuration${path}`,
    `${u.origin}${path}/.well-known/openid-configuration`,
  ];
  let last: HttpFacts['authServers'][number] = { issuer, url: null, answer: null, json: null };
  for (const candidate of [...new Set(candidates)]) {
    if (!safeToFetch(candidate, issuer)) continue;
    const answer = await send(candidate, { headers: { accept: 'application/json' }, timeoutMs: t });
    const json = ok(answer) ? jsonOf(answer) : null;
    last = { issuer, url: candidate, answer, json: isObject(json) ? json : null };
    if (last.json) return last;
  }
  return last;
}

/**
 * The scanner follows URLs a server gave it: never to a cloud metadata address, and to internal addresses
 * only when the target itself is internal (a server must not turn the scanner into its SSRF proxy).
 */
function safeToFetch(candidate: string, base: string): boolean {
  try {
    const to = classifyHost(new URL(candidate).hostname);
    if (!to) return true;
    if (to.kind === 'cloud-metadata') return false;
    return classifyHost(new URL(base).hostname) !== null;
  } catch {
    return false;
  }
}

/** For a loopback target: does its port also accept connections on this machine's other addresses? */
async function otherInterfaceAccepting(url: string, t: number): Promise<string | null> {
  const u = new URL(url);
  if (classifyHost(u.hostname)?.kind !== 'loopback') return null;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
  for (const address of addresses) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port });
      const timer = setTimeout(() => done(false), Math.min(t, 1000));
      const done = (v: boolean) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(v);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (accepted) return address;
  }
  return null;
}

/** An unsigned JWT for another resource: a server that accepts it validates neither signature nor audience. */
function foreignJwt(): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    iss: 'https://issuer.attacker.example',
    aud: 'https://another-resource.example',
    sub: 'mcpshield-probe',
    scope: 'openid',
    iat: now,
    exp: now + 300,
  })}.`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
