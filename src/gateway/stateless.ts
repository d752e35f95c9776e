import type { Channel } from './channel.js';
import type { Logger } from './log.js';

/** The protocol revision without sessions: every request stands alone, `server/discover` replaces the handshake. */
export const STATELESS_REVISION = '2026-07-28';

type Message = Record<string, unknown>;

/**
 * The client side of the session that serves stateless (2026-07-28) clients over an upstream that speaks
 * an earlier, stateful revision. The gateway initialises the upstream once, as a client without sampling,
 * elicitation or roots (a stateless client cannot be asked anything back), and relays each client's
 * request under an id of its own, so that clients choosing the same id never meet. What the upstream sends
 * unasked (notifications, requests of its own) has nobody to go to and is dropped.
 */
export class StatelessChannel implements Channel {
  onLine?: (text: string) => void;
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  private next = 1;
  private readonly waiting = new Map<string, (answer: Message) => void>();

  constructor(private readonly log: Logger) {}

  /** Relay a request; resolves with the upstream's answer (under the request's own id). */
  call(request: Message): Promise<Message> {
    const id = `stateless-${this.next++}`;
    return new Promise((resolve) => {
      this.waiting.set(id, (answer) => resolve({ ...answer, id: request.id }));
      this.onLine?.(JSON.stringify({ ...withoutProgress(request), id }));
    });
  }

  notify(notification: Message): void {
    this.onLine?.(JSON.stringify(notification));
  }

  send(message: unknown): boolean {
    const m = message as Message;
    const resolve = typeof m.id === 'string' && m.method === undefined ? this.waiting.get(m.id) : undefined;
    if (resolve) {
      this.waiting.delete(m.id as string);
      resolve(m);
    } else
      this.log.debug({ method: m.method }, 'stateless session: message with nobody to receive it dropped');
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    for (const resolve of this.waiting.values())
      resolve({ jsonrpc: '2.0', error: { code: -32010, message: 'the gateway is shutting down' } });
    this.waiting.clear();
    this.onClose?.('closed');
  }
}

/** Progress tokens are the client's choice and may collide between clients: stateless requests go without. */
function withoutProgress(request: Message): Message {
  const params = request.params as { _meta?: Record<string, unknown> } | undefined;
  if (params?._meta?.progressToken === undefined) return request;
  const { progressToken: _dropped, ...meta } = params._meta;
  return { ...request, params: { ...params, _meta: meta } };
}

/** Does this sessionless request speak the stateless revision (header or per-request `_meta`)? */
export function isStateless(header: string | undefined, m: Message): boolean {
  if (header === STATELESS_REVISION) return true;
  const meta = (m.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  return meta?.['io.modelcontextprotocol/protocolVersion'] === STATELESS_REVISION;
}

/** Results a stateless client may cache; the revision makes their cache fields required. */
const CACHEABLE = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

/**
 * An earlier revision's result as the stateless revision shapes it: `resultType` (`complete`: the
 * upstream never asks for input this way) and, for what may be cached, `ttlMs` 0 and `cacheScope`
 * `private`: what the gateway lets through depends on its policy, which may change at any time.
 */
export function asStatelessResult(method: string, result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { resultType: 'complete', ...result };
  if (CACHEABLE.has(method)) {
    out.ttlMs ??= 0;
    out.cacheScope ??= 'private';
  }
  return out;
}
