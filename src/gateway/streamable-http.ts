import type { ServerResponse } from 'node:http';
import { stringifyJson } from '../protocol/json.js';
import { idKey } from '../protocol/jsonrpc.js';
import type { Channel } from './channel.js';
import type { Logger } from './log.js';

/**
 * The client side of one Streamable HTTP session (MCP 2025-03-26 and later), written on `node:http`
 * directly: the gateway's hot path pays for no request conversion.
 *
 * - A POSTed request waits for its answer on its own HTTP response. The answer goes back as one JSON body
 *   when nothing else comes first; a progress notification for that request turns the response into an
 *   event stream (when the client accepts one), which carries the notifications and ends with the answer.
 * - Notifications and answers from the client get 202 at once.
 * - Server requests (sampling, elicitation, roots, ping) and notifications that belong to no pending
 *   request go on the session's GET stream, held (up to a limit) until the client opens it.
 */
export class HttpSessionChannel implements Channel {
  onLine?: (text: string) => void;
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  /** Client requests waiting for their answer, by id. */
  private readonly waiting = new Map<string, Waiting>();
  /** Progress token -> the id of the request that carries it. */
  private readonly progress = new Map<string | number, string>();
  private standalone: ServerResponse | undefined;
  private held: string[] = [];
  private closed = false;

  constructor(
    readonly sessionId: string,
    private readonly log: Logger,
  ) {}

  /** A client request: its answer goes to `res`, as JSON or as an event stream, whichever the client accepts. */
  request(
    id: string | number,
    message: Record<string, unknown>,
    text: string,
    res: ServerResponse,
    accepts: { json: boolean; events: boolean },
  ): void {
    const key = idKey(id);
    if (this.waiting.has(key)) {
      writeJson(res, 409, this.sessionId, {
        jsonrpc: '2.0',
        id,
        error: {
          code: -32600,
          message: `request id ${JSON.stringify(id)} is already in use in this session`,
        },
      });
      return;
    }
    this.waiting.set(key, { res, ...accepts, streaming: false });
    res.once('close', () => {
      if (this.waiting.get(key)?.res === res) this.waiting.delete(key); // the client went away
    });
    const token = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta
      ?.progressToken;
    if (typeof token === 'string' || typeof token === 'number') this.progress.set(token, key);
    this.onLine?.(text);
  }

  /** A client notification or answer (to a server request): accepted at once. */
  accept(text: string, res: ServerResponse): void {
    res.writeHead(202, { 'mcp-session-id': this.sessionId }).end();
    this.onLine?.(text);
  }

  /** The client's GET: the session's own event stream. */
  openStream(res: ServerResponse): boolean {
    if (this.standalone) return false;
    startEvents(res, this.sessionId);
    this.standalone = res;
    res.once('close', () => {
      if (this.standalone === res) this.standalone = undefined;
    });
    for (const text of this.held.splice(0)) res.write(event(text));
    return true;
  }

  send(message: unknown): boolean {
    if (this.closed) return false;
    const m = message as { id?: unknown; method?: unknown; params?: { progressToken?: unknown } };
    const text = stringifyJson(message);
    if (m.method === undefined) {
      // An answer: to the request that waits for it.
      const key = typeof m.id === 'string' || typeof m.id === 'number' ? idKey(m.id) : undefined;
      const w = key === undefined ? undefined : this.waiting.get(key);
      if (!w) {
        this.toStream(text); // an error for a message without a usable id (a malformed frame)
        return true;
      }
      this.waiting.delete(key!);
      for (const [token, k] of this.progress) if (k === key) this.progress.delete(token);
      if (w.streaming) w.res.end(event(text));
      else if (w.json) writeText(w.res, 200, this.sessionId, text);
      else answerWithEvents(w.res, this.sessionId, text);
      return true;
    }
    const token = m.params?.progressToken;
    const key =
      m.method === 'notifications/progress' && token !== undefined
        ? this.progress.get(token as string)
        : undefined;
    const w = key === undefined ? undefined : this.waiting.get(key);
    if (w && w.events) {
      if (!w.streaming) {
        startEvents(w.res, this.sessionId);
        w.streaming = true;
      }
      w.res.write(event(text));
      return true;
    }
    this.toStream(text);
    return true;
  }

  private toStream(text: string): void {
    if (this.standalone) this.standalone.write(event(text));
    else if (this.held.length < MAX_HELD) this.held.push(text);
    else this.log.warn('client has no event stream open; message dropped');
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.values()) if (!w.res.writableEnded) w.res.end();
    this.waiting.clear();
    this.standalone?.end();
    this.standalone = undefined;
    this.onClose?.('session closed');
  }
}

/** A request's HTTP response: what its client accepts, and whether it became an event stream. */
type Waiting = { res: ServerResponse; json: boolean; events: boolean; streaming: boolean };

/** Messages held for a client whose event stream is not open yet. */
export const MAX_HELD = 1000;
const event = (text: string) => `event: message\ndata: ${text}\n\n`;

function startEvents(res: ServerResponse, sessionId: string | undefined): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
  });
  res.flushHeaders();
}

/** One answer as an event stream that ends with it (for a client that does not accept JSON). */
export function answerWithEvents(res: ServerResponse, sessionId: string | undefined, text: string): void {
  startEvents(res, sessionId);
  res.end(event(text));
}

export function writeText(
  res: ServerResponse,
  status: number,
  sessionId: string | undefined,
  text: string,
): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  res.writeHead(status, headers).end(text);
}

export function writeJson(
  res: ServerResponse,
  status: number,
  sessionId: string | undefined,
  body: unknown,
): void {
  writeText(res, status, sessionId, JSON.stringify(body));
}
