import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { HeldLines, type Channel } from './channel.js';
import type { Logger } from './log.js';
import type { Upstream } from './upstream.js';
import { WebSocketUpstreamTransport } from './websocket-upstream.js';

export type RemoteKind = 'streamable-http' | 'sse' | 'websocket';

export type RemoteSpec = {
  url: URL;
  kind: RemoteKind;
  /** Sent to the upstream on every request (its own credentials: a client's are never forwarded). */
  headers: Record<string, string>;
};

/**
 * A remote server as an upstream: a client transport (the SDK's for HTTP, ours for WebSocket) does the network side, this channel gives the
 * session lines as a stdio server would. The upstream "ends" when its transport closes or a send fails
 * (a lost session answers 404): the session then fails what is pending and reconnects, replaying
 * `initialize`, as it restarts a stdio server.
 */
export function connectRemote(spec: RemoteSpec, maxBytes: number, log: Logger): Upstream {
  const transport = clientTransport(spec, maxBytes);
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

function clientTransport(spec: RemoteSpec, maxBytes: number): Transport {
  const requestInit = { headers: spec.headers };
  switch (spec.kind) {
    case 'websocket':
      return new WebSocketUpstreamTransport(spec.url, spec.headers, maxBytes);
    case 'sse':
      return new SSEClientTransport(spec.url, {
        requestInit,
        eventSourceInit: {
          fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...spec.headers } }),
        },
      });
    case 'streamable-http':
      return new StreamableHTTPClientTransport(spec.url, { requestInit });
  }
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
