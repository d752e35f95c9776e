import { toolName } from '../protocol/event.js';
import { nestedDeeperThan, stringifyJson } from '../protocol/json.js';
import {
  ErrorCode,
  idKey,
  invalidMessageReason,
  isNotification,
  isRequest,
  isResponse,
  type JsonRpcError,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
} from '../protocol/jsonrpc.js';
import type { Decision } from '../policy/decide.js';
import type { Channel } from './channel.js';
import { GatewayError } from './enforce.js';
import type { Logger } from './log.js';
import { flowContext, responseContext, type FlowContext } from './pipeline.js';
import type { Upstream } from './upstream.js';

export type SessionOptions = {
  server: string;
  client: string;
  /** The client's side. */
  downstream: Channel;
  /** Starts (and restarts) the upstream server. */
  start: () => Upstream;
  /** The middleware pipeline, run on every request and response. */
  judge: (ctx: FlowContext) => Promise<void>;
  log: Logger;
  /** Restarts allowed within `restartWindowMs` before the circuit opens for `cooldownMs`. */
  maxRestarts?: number;
  restartWindowMs?: number;
  cooldownMs?: number;
  /** How long a restarted upstream may take to answer the replayed `initialize`. */
  initTimeoutMs?: number;
  /** Deepest nesting of objects and arrays accepted in a message, either way. */
  maxDepth?: number;
};

type Pending = { ctx: FlowContext; request: JsonRpcRequest };

/**
 * One client and its own upstream server, relayed message by message.
 *
 * - Client requests get gateway ids upstream (the gateway sends requests of its own, e.g. the replayed
 *   `initialize` after a restart) and their own ids back; `notifications/cancelled` is translated.
 * - Server-to-client requests (sampling, elicitation, roots, ping) and every notification (progress,
 *   logging, `list_changed`, resource updates) pass as they are: one client per upstream, so ids and
 *   progress tokens cannot collide.
 * - Each direction is handled in order: a progress notification never overtakes the response after it.
 * - An upstream that dies fails its pending requests with an error (never an empty result), and is
 *   restarted and re-initialised with the client's own `initialize`; too many deaths open a circuit.
 */
export class Session {
  private upstream: Upstream | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly byClientId = new Map<string, number>();
  /** Gateway-originated requests waiting for their answer. */
  private readonly own = new Map<number, (m: JsonRpcMessage) => void>();
  /** The gateway's own requests to the client (approvals), by id. */
  private readonly asked = new Map<string, (m: JsonRpcMessage) => void>();
  private nextAsk = 1;
  private initialize: JsonRpcRequest | undefined;
  private initialized: JsonRpcMessage | undefined;
  private fromClient: Promise<void> = Promise.resolve();
  private fromServer: Promise<void> = Promise.resolve();
  /** Resolves when the upstream is up (and re-initialised after a restart). */
  private ready: Promise<boolean>;
  private restarts: number[] = [];
  private openUntil = 0;
  private closed = false;
  /** When a notification last went to the client (see `respond`). */
  private notifiedAt = -Infinity;
  onClose?: () => void;

  constructor(private readonly o: SessionOptions) {
    o.downstream.onLine = (text) => this.clientLine(text);
    o.downstream.onOversize = (n) => {
      this.o.log.warn({ bytes: n }, 'client message over the size limit dropped');
      this.toClient({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: ErrorCode.InvalidRequest,
          message: `message of ${n} bytes exceeds the gateway's limit`,
        },
      });
    };
    o.downstream.onClose = (reason) => {
      this.o.log.info({ reason }, 'client disconnected');
      void this.close();
    };
    this.ready = Promise.resolve(this.launch());
  }

  /** Client requests sent upstream and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  // -------------------------------------------------------------------------------------------------
  // Upstream lifecycle

  private launch(): boolean {
    const up = this.o.start();
    this.upstream = up;
    up.channel.onLine = (text) => this.serverLine(text);
    up.channel.onOversize = (n) =>
      this.o.log.warn({ bytes: n }, 'server message over the size limit dropped');
    void up.ended.then((reason) => this.upstreamEnded(up, reason));
    this.o.log.info({ pid: up.pid, server: this.o.server }, 'upstream started');
    return true;
  }

  private upstreamEnded(up: Upstream, reason: string): void {
    if (this.upstream !== up) return;
    this.upstream = undefined;
    up.channel.close();
    for (const resolve of this.own.values())
      resolve({
        jsonrpc: '2.0',
        id: null,
        error: { code: GatewayError.UpstreamUnavailable, message: reason },
      });
    this.own.clear();
    if (this.closed) return;
    this.o.log.error({ reason, pending: this.pending.size }, 'upstream ended');
    const error: JsonRpcError = {
      code: GatewayError.UpstreamUnavailable,
      message: `upstream server \`${this.o.server}\` ${reason} before answering; the request was not completed`,
    };
    for (const [gid, p] of this.pending) {
      this.pending.delete(gid);
      this.byClientId.delete(idKey(p.request.id));
      void this.respond(p, { error });
    }
    this.ready = this.restart();
  }

  private async restart(): Promise<boolean> {
    const now = Date.now();
    const window = this.o.restartWindowMs ?? 60_000;
    this.restarts = this.restarts.filter((t) => now - t < window);
    if (this.restarts.length >= (this.o.maxRestarts ?? 5)) {
      this.openUntil = now + (this.o.cooldownMs ?? 30_000);
      this.restarts = [];
      this.o.log.error(
        { until: new Date(this.openUntil).toISOString() },
        'upstream keeps failing: circuit open',
      );
      return false;
    }
    const backoff = Math.min(2000, 100 * 2 ** this.restarts.length);
    this.restarts.push(now);
    await new Promise((r) => setTimeout(r, backoff));
    if (this.closed) return false;
    this.launch();
    if (!this.initialize) return true;
    const answer = await this.request(this.initialize, this.o.initTimeoutMs ?? 30_000);
    if ('error' in answer) {
      this.o.log.error({ error: answer.error }, 'restarted upstream refused initialize');
      return false;
    }
    if (this.initialized) this.upstream?.channel.send(this.initialized);
    this.o.log.info('upstream restarted and re-initialised');
    return true;
  }

  /** Is the upstream usable now? Waits for a restart in progress; restarts after the circuit's cooldown. */
  private async usable(): Promise<boolean> {
    if (this.upstream && (await this.ready)) return this.upstream !== undefined;
    if (this.closed) return false;
    if (Date.now() < this.openUntil) return false;
    if (!this.upstream) this.ready = this.restart();
    return (await this.ready) && this.upstream !== undefined;
  }

  /** A request of the gateway's own to the upstream. */
  private request(
    req: JsonRpcRequest,
    timeoutMs: number,
  ): Promise<JsonRpcMessage & { error?: JsonRpcError }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.own.delete(id);
        resolve({
          jsonrpc: '2.0',
          id,
          error: { code: GatewayError.UpstreamUnavailable, message: `no answer in ${timeoutMs} ms` },
        });
      }, timeoutMs);
      this.own.set(id, (m) => {
        clearTimeout(timer);
        resolve(m as JsonRpcMessage & { error?: JsonRpcError });
      });
      this.upstream?.channel.send({ ...req, id });
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Client to server

  private clientLine(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      this.toClient({
        jsonrpc: '2.0',
        id: null,
        error: { code: ErrorCode.ParseError, message: `parse error: ${(e as Error).message}` },
      });
      return;
    }
    const why = this.tooDeep(text) ?? invalidMessageReason(msg);
    if (why) {
      // JSON-RPC: an invalid request is answered, with its id when usable, else null. A malformed
      // notification or response has nobody waiting for an answer.
      const o =
        msg !== null && typeof msg === 'object' && !Array.isArray(msg)
          ? (msg as Record<string, unknown>)
          : undefined;
      const answerable =
        !o || 'id' in o ? !(o && ('result' in o || 'error' in o) && !('method' in o)) : false;
      if (answerable) {
        const id = o?.id;
        const usable = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
        this.toClient({
          jsonrpc: '2.0',
          id: usable,
          error: { code: ErrorCode.InvalidRequest, message: `invalid request: ${why}` },
        });
      } else {
        this.o.log.warn({ why }, 'client sent an invalid notification or response; dropped');
      }
      return;
    }
    const m = msg as JsonRpcMessage;
    // An answer to the gateway's own question is taken at once: the request that asked waits for it, and
    // messages behind that request would otherwise wait for the request.
    const askedId = isResponse(m) && typeof m.id === 'string' ? m.id : undefined;
    const mine = askedId === undefined ? undefined : this.asked.get(askedId);
    if (mine) {
      this.asked.delete(askedId!);
      mine(m);
      return;
    }
    this.inOrder('client', () => this.fromClientMessage(m));
  }

  /** Handle messages of one side one after the other, each fully judged before the next. */
  private inOrder(side: 'client' | 'server', work: () => Promise<void> | undefined): void {
    const next = (side === 'client' ? this.fromClient : this.fromServer)
      .then(work)
      .catch((e) => this.o.log.error({ err: e }, `${side} message failed`));
    if (side === 'client') this.fromClient = next;
    else this.fromServer = next;
  }

  private async fromClientMessage(m: JsonRpcMessage): Promise<void> {
    if (isRequest(m)) return this.clientRequest(m);
    if (isNotification(m)) {
      if (m.method === 'notifications/initialized') this.initialized = m;
      let out: JsonRpcMessage = m;
      if (m.method === 'notifications/cancelled') {
        const requestId = (m.params as { requestId?: JsonRpcId } | undefined)?.requestId;
        const gid = requestId === undefined ? undefined : this.byClientId.get(idKey(requestId));
        if (gid === undefined) return; // nothing of ours to cancel (already answered)
        out = { ...m, params: { ...(m.params as object), requestId: gid } };
      }
      if (this.upstream) this.upstream.channel.send(out);
      return;
    }
    // A response to a server-to-client request: ids were not changed on the way out.
    if (this.upstream) this.upstream.channel.send(m);
  }

  private async clientRequest(req: JsonRpcRequest): Promise<void> {
    const ctx = flowContext({
      phase: 'request',
      server: this.o.server,
      client: this.o.client,
      id: req.id,
      method: req.method,
      params: req.params ?? {},
      tool: toolName({ method: req.method, params: req.params }),
      started: performance.now(),
    });
    await this.judge(ctx, 'the gateway failed to judge this request and refused it');
    if (ctx.reply) {
      this.toClient({ jsonrpc: '2.0', id: req.id, error: ctx.reply });
      return;
    }
    if (req.method === 'initialize') this.initialize = req;
    if (!(await this.usable())) {
      const until =
        this.openUntil > Date.now() ? `; retrying after ${new Date(this.openUntil).toISOString()}` : '';
      this.toClient({
        jsonrpc: '2.0',
        id: req.id,
        error: {
          code: GatewayError.UpstreamUnavailable,
          message: `upstream server \`${this.o.server}\` is unavailable${until}`,
        },
      });
      return;
    }
    const gid = this.nextId++;
    this.pending.set(gid, { ctx, request: req });
    this.byClientId.set(idKey(req.id), gid);
    this.upstream!.channel.send({ ...req, id: gid });
  }

  // -------------------------------------------------------------------------------------------------
  // Server to client

  private serverLine(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.o.log.warn({ line: text.slice(0, 200) }, 'server sent a line that is not JSON; dropped');
      return;
    }
    const deep = this.tooDeep(text);
    const why = deep ?? invalidMessageReason(msg);
    if (why) {
      this.o.log.warn({ why }, 'server sent an invalid message; dropped');
      const id = (msg as { id?: unknown } | null)?.id;
      const p = typeof id === 'number' ? this.pending.get(id) : undefined;
      if (deep && p) {
        // The client is waiting: it gets an error, not silence.
        const gid = id as number;
        this.inOrder('server', () => {
          if (!this.pending.delete(gid)) return undefined;
          this.byClientId.delete(idKey(p.request.id));
          return this.respond(p, {
            error: { code: ErrorCode.InternalError, message: `the server's answer was refused: ${deep}` },
          });
        });
      }
      return;
    }
    const m = msg as JsonRpcMessage;
    this.inOrder('server', () => this.fromServerMessage(m));
  }

  private async fromServerMessage(m: JsonRpcMessage): Promise<void> {
    if (!isResponse(m)) {
      this.toClient(m); // server requests and notifications
      if (!('id' in m)) this.notifiedAt = performance.now();
      return;
    }
    if (typeof m.id !== 'number') {
      this.o.log.warn({ id: m.id }, 'server answered an id the gateway never sent; dropped');
      return;
    }
    const mine = this.own.get(m.id);
    if (mine) {
      this.own.delete(m.id);
      mine(m);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) {
      this.o.log.warn({ id: m.id }, 'server answered an unknown or cancelled request; dropped');
      return;
    }
    this.pending.delete(m.id);
    this.byClientId.delete(idKey(p.request.id));
    await this.respond(p, 'error' in m ? { error: m.error } : { result: m.result });
  }

  private async respond(p: Pending, answer: { result: unknown } | { error: JsonRpcError }): Promise<void> {
    const ctx = responseContext(p.ctx);
    if ('error' in answer) ctx.upstreamError = answer.error;
    else ctx.result = answer.result;
    await this.judge(ctx, "the gateway failed to judge the server's answer and withheld it");
    // The SDK's client handles a notification a microtask later than a response read in the same chunk:
    // a last progress notification written right before its response would be dropped. A server that
    // awaits its notification leaves a gap; so does the gateway.
    const gap = this.notifiedAt + NOTIFICATION_GAP_MS - performance.now();
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    const id = p.request.id;
    if (ctx.reply) this.toClient({ jsonrpc: '2.0', id, error: ctx.reply });
    else if (ctx.upstreamError) this.toClient({ jsonrpc: '2.0', id, error: ctx.upstreamError });
    else this.toClient({ jsonrpc: '2.0', id, result: ctx.result });
  }

  /**
   * Ask the client's user to approve a call (`decision: approve`) with an elicitation request: accepted
   * runs the call, anything else refuses it. A client that did not declare elicitation cannot be asked.
   */
  async approve(
    ctx: FlowContext,
    d: Decision,
    timeoutMs = APPROVAL_TIMEOUT_MS,
  ): Promise<'approved' | 'declined' | 'unavailable'> {
    const caps = (this.initialize?.params as { capabilities?: { elicitation?: unknown } } | undefined)
      ?.capabilities;
    if (!caps?.elicitation || this.closed) return 'unavailable';
    const id = `mcpshield-approval-${this.nextAsk++}`;
    const args = stringifyJson((ctx.params as { arguments?: unknown } | undefined)?.arguments ?? {});
    const message =
      `The policy asks you to approve a tool call (${d.rule}).\n` +
      `Server: ${this.o.server}\nTool: ${ctx.tool}\n` +
      `Arguments: ${args.length > 800 ? `${args.slice(0, 800)}… (${args.length} characters)` : args}`;
    const answer = await new Promise<JsonRpcMessage | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.asked.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.asked.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.toClient({
        jsonrpc: '2.0',
        id,
        method: 'elicitation/create',
        params: { message, requestedSchema: { type: 'object', properties: {} } },
      });
    });
    const action = (answer as { result?: { action?: unknown } } | undefined)?.result?.action;
    return action === 'accept' ? 'approved' : 'declined';
  }

  private tooDeep(text: string): string | undefined {
    const max = this.o.maxDepth ?? MAX_DEPTH;
    return nestedDeeperThan(text, max) ? `nested deeper than ${max} levels` : undefined;
  }

  /** Run the pipeline; a pipeline that throws refuses the message (fail closed) with `refusal`. */
  private async judge(ctx: FlowContext, refusal: string): Promise<void> {
    try {
      await this.o.judge(ctx);
    } catch (e) {
      this.o.log.error({ err: e, phase: ctx.phase }, 'pipeline failed');
      ctx.reply = { code: ErrorCode.InternalError, message: refusal };
    }
  }

  private toClient(m: JsonRpcMessage | { jsonrpc: '2.0'; id: null; error: JsonRpcError }): void {
    if (!this.closed) this.o.downstream.send(m);
  }

  /** Stop: wait for what is in flight to be answered (up to `drainMs`), then stop the upstream. */
  async close(drainMs = 5000): Promise<void> {
    if (this.closed) return;
    const deadline = Date.now() + drainMs;
    while (this.pending.size > 0 && Date.now() < deadline && this.upstream)
      await new Promise((r) => setTimeout(r, 20));
    await Promise.race([
      Promise.all([this.fromClient, this.fromServer]),
      new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()))),
    ]);
    this.closed = true;
    await this.o.downstream.drained();
    this.upstream?.channel.close();
    this.onClose?.();
  }
}

const NOTIFICATION_GAP_MS = 2;
/** How long a person has to answer an approval before the call is refused. */
const APPROVAL_TIMEOUT_MS = 5 * 60_000;
/** Far beyond any schema or document a tool exchanges; deeper only serves to exhaust a parser's stack. */
const MAX_DEPTH = 512;
