import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { HeldLines, type Channel } from './channel.js';
import type { Logger } from './log.js';
import type { Upstream } from './upstream.js';

export type RemoteKind = 'streamable-http' | 'sse';

export type RemoteSpec = {
  url: URL;
  kind: RemoteKind;
  /** Sent to the upstream on every request (its own credentials: a client's are never forwarded). */
  headers: Record<string, string>;
};

/**
 * A remote server as an upstream: the SDK's client transport does the HTTP side, this channel gives the
 * session lines as a stdio server would. The upstream "ends" when its transport closes or a send fails
 * (a lost session answers 404): the session then fails what is pending and reconnects, replaying
 * `initialize`, as it restarts a stdio server.
 */
export function connectRemote(spec: RemoteSpec, log: Logger): Upstream {
  const requestInit = { headers: spec.headers };
  const transport: Transport =
    spec.kind === 'sse'
      ? new SSEClientTransport(spec.url, {
          requestInit,
          eventSourceInit: {
            fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...spec.headers } }),
          },
        })
      : new StreamableHTTPClientTransport(spec.url, { requestInit });
  let end!: (why: string) => void;
  const ended = new Promise<string>((resolve) => (end = resolve));
  const channel = new ClientTransportChannel(transport, log, (why) => end(why));
  transport.onclose = () => end('closed the connection');
  transport.onerror = (e) => log.warn({ err: e.message }, 'upstream transport error');
  channel.started = transport
    .start()
    .catch((e: Error) => end(`could not connect to ${spec.url.href}: ${e.message}`));
  return { channel, ended, pid: undefined };
}

class ClientTransportChannel extends HeldLines implements Channel {
  onOversize?: (bytes: number) => void;
  onClose?: (reason: string) => void;
  started: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: Transport,
    private readonly log: Logger,
    private readonly fail: (why: string) => void,
  ) {
    super();
    transport.onmessage = (m) => this.emit(JSON.stringify(m));
  }

  send(message: unknown): boolean {
    void this.started
      .then(() => this.transport.send(message as JSONRPCMessage))
      .catch((e: Error) => {
        this.log.warn({ err: e.message }, 'could not deliver a message upstream');
        this.fail(`failed: ${e.message}`);
      });
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    void this.transport.close();
  }
}
