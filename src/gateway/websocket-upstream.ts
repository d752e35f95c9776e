import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import WebSocket from 'ws';

/**
 * A WebSocket MCP server as an upstream (subprotocol `mcp`, one JSON-RPC message per text frame), with
 * the upstream's own headers on the handshake. Written on `ws` rather than the SDK's client transport:
 * Node 20 has no global WebSocket, and the handshake must carry headers. Messages are not validated
 * here: the session judges every line.
 */
export class WebSocketUpstreamTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private socket: WebSocket | undefined;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    private readonly maxBytes: number,
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, 'mcp', { headers: this.headers, maxPayload: this.maxBytes });
      this.socket = socket;
      socket.once('open', () => resolve());
      socket.once('error', (e) => reject(e));
      socket.on('error', (e) => this.onerror?.(e));
      socket.on('close', () => this.onclose?.());
      socket.on('message', (data, isBinary) => {
        if (isBinary) return this.onerror?.(new Error('binary frame from the server; dropped'));
        let message: JSONRPCMessage;
        try {
          message = JSON.parse(data.toString()) as JSONRPCMessage;
        } catch (e) {
          return this.onerror?.(new Error(`frame that is not JSON: ${(e as Error).message}`));
        }
        this.onmessage?.(message);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) =>
      socket.send(JSON.stringify(message), (e) => (e ? reject(e) : resolve())),
    );
  }

  close(): Promise<void> {
    this.socket?.close();
    return Promise.resolve();
  }
}
