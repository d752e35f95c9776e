import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Channel } from './channel.js';
import { createGateway, type GatewayOptions } from './gateway.js';
import type { Logger } from './log.js';
import { Session } from './session.js';
import { checkHostAndOrigin, reply, serveOps } from './ops.js';
import { asStatelessResult, isStateless, StatelessChannel, STATELESS_REVISION } from './stateless.js';
import { answerWithEvents, HttpSessionChannel, MAX_HELD, writeJson, writeText } from './streamable-http.js';

export type HttpFrontOptions = GatewayOptions & {
  host: string;
  port: number;
  /** Required from clients as `Authorization: Bearer KEY` or `X-API-Key: KEY` when set. */
  apiKey?: string;
  /** Browser origins allowed to call (requests without `Origin`, from non-browser clients, always are). */
  allowedOrigins?: string[];
  /** Sessions without a request for this long are closed, with their upstream (default 30 minutes). */
  sessionIdleMs?: number;
};

export type HttpFront = {
  url: string;
  /** Client requests sent upstream and not answered yet, over every session. */
  inFlight(): number;
  close(): Promise<void>;
};

/**
 * The network shape: Streamable HTTP at `/mcp`, many clients at once, each session with its own upstream
 * server (stdio servers are stateful). The SDK's transport speaks the HTTP side (POST, the SSE streams,
 * `Mcp-Session-Id`, DELETE); each session's messages go through the same `Session` relay and pipeline as
 * in the stdio shape. In front of it: Host and Origin checks (DNS rebinding) and an optional API key.
 */
export async function startHttpFront(o: HttpFrontOptions): Promise<HttpFront> {
  const gateway = await createGateway({ ...o, metrics: true });
  const metrics = gateway.metrics!;
  const log = gateway.log;
  const legacySessions = new Map<string, SSEServerTransport>();
  const sessions = new Map<string, { session: Session; channel: HttpSessionChannel; seen: number }>();
  // A client that vanishes without DELETE would keep its upstream running: idle sessions are closed.
  const idleMs = o.sessionIdleMs ?? 30 * 60_000;
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const [id, entry] of sessions)
        if (now - entry.seen > idleMs && entry.session.inFlight === 0) {
          log.info({ session: id }, 'idle session closed');
          entry.channel.close();
        }
    },
    Math.min(60_000, idleMs),
  ).unref();

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      log.error({ err: e }, 'request failed');
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (await serveOps(req, res, metrics, address())) return;
    if (path !== '/mcp' && path !== '/sse' && path !== '/messages')
      return reply(res, 404, 'not found: the MCP endpoint is /mcp (legacy SSE: /sse and /messages)');
    const refusal = checkHostAndOrigin(req, address(), o.allowedOrigins ?? []);
    if (refusal) return reply(res, 403, refusal);
    if (o.apiKey && !authorized(req, o.apiKey)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="mcpshield"');
      return reply(res, 401, 'missing or wrong API key (Authorization: Bearer KEY or X-API-Key: KEY)');
    }
    if (path === '/sse')
      return req.method === 'GET' ? openLegacy(res) : reply(res, 405, 'GET /sse opens an event stream');
    if (path === '/messages') {
      const id = new URL(req.url ?? '', 'http://localhost').searchParams.get('sessionId') ?? '';
      const legacy = legacySessions.get(id);
      if (req.method !== 'POST') return reply(res, 405, 'POST /messages?sessionId=...');
      if (!legacy) return reply(res, 404, 'session not found: open GET /sse first');
      const read = await readJson(req, res);
      if (read) return legacy.handlePostMessage(req, res, read.body);
      return;
    }
    return streamable(req, res);
  }

  /** Streamable HTTP at /mcp: POST a message, GET the session's event stream, DELETE the session. */
  async function streamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const entry = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (typeof sid === 'string' && !entry)
      return jsonRpcError(res, 404, -32001, 'session not found: initialize a new session');
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !PROTOCOL_VERSIONS.has(version))
      return jsonRpcError(res, 400, -32000, `unsupported MCP-Protocol-Version \`${version.slice(0, 40)}\``);
    if (entry) entry.seen = Date.now();
    if (req.method === 'GET') {
      if (!entry)
        return jsonRpcError(res, 400, -32000, 'GET needs the Mcp-Session-Id of an initialised session');
      if (!accepts(req, 'text/event-stream')) return reply(res, 406, 'GET /mcp serves text/event-stream');
      if (!entry.channel.openStream(res))
        return reply(res, 409, 'this session already has its event stream open');
      return;
    }
    if (req.method === 'DELETE') {
      if (!entry) return jsonRpcError(res, 400, -32000, 'DELETE needs an Mcp-Session-Id');
      entry.channel.close();
      return reply(res, 200, 'session closed');
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST, DELETE');
      return reply(res, 405, 'the MCP endpoint takes POST, GET and DELETE');
    }
    if (!(req.headers['content-type'] ?? '').toLowerCase().includes('application/json'))
      return reply(res, 415, 'POST a JSON-RPC message as application/json');
    const json = accepts(req, 'application/json');
    const events = accepts(req, 'text/event-stream');
    if (!json && !events) return reply(res, 406, 'accept application/json or text/event-stream');
    const read = await readJson(req, res);
    if (!read) return;
    const { raw, body } = read;
    if (Array.isArray(body))
      return jsonRpcError(res, 400, -32600, 'batches are not accepted: send one message per request');
    if (body === null || typeof body !== 'object')
      return jsonRpcError(res, 400, -32600, 'invalid request: a JSON-RPC message is an object');
    const m = body as Record<string, unknown>;
    const isRequest = typeof m.method === 'string' && 'id' in m;
    if (isRequest && typeof m.id !== 'string' && !(typeof m.id === 'number' && Number.isFinite(m.id)))
      return jsonRpcError(res, 400, -32600, 'invalid request: id must be a string or a number');
    let channel = entry?.channel;
    if (!channel && m.method !== 'initialize' && isStateless(version as string | undefined, m))
      return serveStateless(m, isRequest, res, json);
    if (!channel) {
      if (m.method !== 'initialize' || !isRequest)
        return jsonRpcError(res, 400, -32000, 'no session: send initialize first, without Mcp-Session-Id');
      channel = openSession(clientName(m));
    }
    if (isRequest) channel.request(m.id as string | number, m, raw, res, { json, events });
    else channel.accept(raw, res);
  }

  // Stateless (2026-07-28) clients share one upstream session, initialised by the gateway on first use.
  let stateless: Promise<{ channel: StatelessChannel; result: Record<string, unknown> }> | undefined;
  async function statelessSession() {
    const channel = new StatelessChannel(log);
    newSession(channel, 'stateless');
    const init = await channel.call({
      jsonrpc: '2.0',
      id: 'initialize',
      method: 'initialize',
      params: {
        protocolVersion: LATEST_STATEFUL,
        capabilities: {},
        clientInfo: { name: 'mcpshield-gateway', version: '1' },
      },
    });
    if (!init.result) throw new Error(`the upstream refused initialize: ${JSON.stringify(init.error)}`);
    channel.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return { channel, result: init.result as Record<string, unknown> };
  }

  async function serveStateless(
    m: Record<string, unknown>,
    isRequest: boolean,
    res: ServerResponse,
    json: boolean,
  ): Promise<void> {
    if (!isRequest) return void res.writeHead(202).end(); // nothing to cancel or acknowledge across requests
    let s;
    try {
      s = await (stateless ??= statelessSession());
    } catch (e) {
      stateless = undefined; // the next request tries again
      return jsonRpcError(res, 502, -32010, `upstream unavailable: ${(e as Error).message}`);
    }
    const answer =
      m.method === 'server/discover'
        ? {
            jsonrpc: '2.0',
            id: m.id,
            result: {
              supportedVersions: [STATELESS_REVISION],
              capabilities: s.result.capabilities ?? {},
              serverInfo: s.result.serverInfo,
              ...(s.result.instructions ? { instructions: s.result.instructions } : {}),
            },
          }
        : await s.channel.call(m);
    const result = answer.result as Record<string, unknown> | undefined;
    const text = JSON.stringify(
      result ? { ...answer, result: asStatelessResult(String(m.method), result) } : answer,
    );
    if (json) writeText(res, 200, undefined, text);
    else answerWithEvents(res, undefined, text);
  }

  /** The body, parsed; undefined when it was refused (too large, not JSON), with the answer sent. */
  async function readJson(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req, o.maxMessageBytes);
    if (raw === undefined) {
      res.setHeader('connection', 'close');
      return void reply(res, 413, `request body over ${o.maxMessageBytes} bytes`);
    }
    try {
      return { raw, body: JSON.parse(raw) as unknown };
    } catch (e) {
      return void jsonRpcError(res, 400, -32700, `parse error: ${(e as Error).message}`);
    }
  }

  function openSession(client: string): HttpSessionChannel {
    const id = randomUUID();
    const channel = new HttpSessionChannel(id, log);
    const session = newSession(channel, client);
    sessions.set(id, { session, channel, seen: Date.now() });
    countSessions();
    log.info({ session: id }, 'session opened');
    session.onClose = () => {
      sessions.delete(id);
      countSessions();
    };
    return channel;
  }

  /** The 2024-11-05 transport: an event stream at GET /sse, client messages POSTed to /messages. */
  async function openLegacy(res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport('/messages', res);
    const channel = new TransportChannel(transport, log);
    channel.standaloneOpened(); // the one stream is open from the start
    const session = newSession(channel, 'sse');
    legacySessions.set(transport.sessionId, transport);
    countSessions();
    transport.onclose = () => {
      legacySessions.delete(transport.sessionId);
      countSessions();
      void session.close();
    };
    await transport.start();
  }

  const countSessions = () => metrics.sessions.set(sessions.size + legacySessions.size);

  function newSession(channel: Channel, client: string): Session {
    const session: Session = new Session({
      server: gateway.server,
      client,
      downstream: channel,
      start: () => gateway.startUpstream(),
      judge: gateway.pipeline((ctx, d) => session.approve(ctx, d)),
      log: log.child({ client }),
    });
    return session;
  }

  const address = () => server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  const a = address();
  const url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/mcp`;
  log.info({ url }, 'listening');
  return {
    url,
    inFlight: () => [...sessions.values()].reduce((n, s) => n + s.session.inFlight, 0),
    async close() {
      clearInterval(sweeper);
      // Graceful: each session answers what is in flight, then its client side closes.
      await Promise.all(
        [...sessions.values()].map(async (s) => {
          await s.session.close();
          s.channel.close();
        }),
      );
      (await stateless?.catch(() => undefined))?.channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await gateway.close();
    },
  };
}

/**
 * The session's client side over the SDK transport. Responses find their HTTP stream by id; a progress
 * notification is sent on the stream of the request that carries its token (else it would go to the
 * standalone GET stream, or nowhere).
 */
class TransportChannel implements Channel {
  onLine?: (text: string) => void;
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  private readonly progress = new Map<string | number, string | number>();
  /** Server notifications and requests that belong to no client request, before the GET stream opens. */
  private held: unknown[] = [];
  private standalone = false;

  constructor(
    private readonly transport: Transport,
    private readonly log: Logger,
  ) {
    transport.onmessage = (m) => {
      const msg = m as {
        id?: string | number;
        method?: string;
        params?: { _meta?: { progressToken?: string | number } };
      };
      const token = msg.params?._meta?.progressToken;
      if (msg.method !== undefined && msg.id !== undefined && token !== undefined)
        this.progress.set(token, msg.id);
      this.onLine?.(JSON.stringify(m));
    };
    transport.onerror = (e) => log.warn({ err: e.message }, 'transport error');
  }

  send(message: unknown): boolean {
    const m = message as { id?: unknown; method?: string; params?: { progressToken?: string | number } };
    let relatedRequestId: string | number | undefined;
    if (m.method === 'notifications/progress' && m.params?.progressToken !== undefined)
      relatedRequestId = this.progress.get(m.params.progressToken);
    const isResponse = m.method === undefined;
    if (isResponse && (typeof m.id === 'string' || typeof m.id === 'number'))
      for (const [token, id] of this.progress) if (id === m.id) this.progress.delete(token);
    if (!isResponse && relatedRequestId === undefined && !this.standalone) {
      // Nowhere to send it yet: the client opens its GET stream right after initialising.
      if (this.held.length < MAX_HELD) this.held.push(message);
      else this.log.warn({ method: m.method }, 'client has no event stream open; message dropped');
      return true;
    }
    this.deliver(message, relatedRequestId);
    return true;
  }

  /** The client opened its standalone event stream: what was held goes out, in order. */
  standaloneOpened(): void {
    this.standalone = true;
    const held = this.held;
    this.held = [];
    for (const m of held) this.deliver(m, undefined);
  }

  private deliver(message: unknown, relatedRequestId: string | number | undefined): void {
    this.transport
      .send(message as JSONRPCMessage, relatedRequestId === undefined ? undefined : { relatedRequestId })
      .catch((e: Error) => this.log.warn({ err: e.message }, 'could not deliver a message to the client'));
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    void this.transport.close();
  }
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  writeJson(res, status, undefined, { jsonrpc: '2.0', id: null, error: { code, message } });
}

const PROTOCOL_VERSIONS = new Set([...SUPPORTED_PROTOCOL_VERSIONS, '2025-11-25', STATELESS_REVISION]);
/** What the gateway asks of an upstream it initialises itself. */
const LATEST_STATEFUL = '2025-11-25';

/** Does the request's Accept header take `type` (or any type)? */
function accepts(req: IncomingMessage, type: string): boolean {
  const accept = req.headers.accept;
  if (accept === undefined) return type === 'application/json';
  return accept.includes(type) || accept.includes('*/*');
}

function clientName(m: Record<string, unknown>): string {
  const name = (m.params as { clientInfo?: { name?: unknown } } | undefined)?.clientInfo?.name;
  return typeof name === 'string' && name.length > 0 ? name.slice(0, 64) : 'http';
}

function authorized(req: IncomingMessage, key: string): boolean {
  const auth = req.headers.authorization;
  const given = auth?.startsWith('Bearer ') ? auth.slice(7) : req.headers['x-api-key'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body as text, or undefined when it is over `max` bytes (reading stops there). */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        // Stop reading; the 413 goes out with `Connection: close`, which ends the connection after it.
        req.pause();
        req.removeAllListeners('data');
        resolve(undefined);
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
