import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * The operational endpoints: `/healthz`, `/readyz` and `/metrics` (Prometheus, to loopback hosts only).
 * Served by the HTTP front beside `/mcp`, and for the stdio shape by `--metrics HOST:PORT`.
 */
export async function serveOps(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: GatewayMetrics | undefined,
  addr: AddressInfo,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') reply(res, 200, 'ok');
  else if (path === '/readyz') reply(res, 200, 'ready');
  else if (path === '/metrics' && metrics) {
    if (checkHostAndOrigin(req, addr, [])) reply(res, 403, 'metrics are served to loopback hosts');
    else {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    }
  } else return false;
  return true;
}

/** A server of the operational endpoints alone (the stdio shape has no HTTP server of its own). */
export async function startOpsServer(
  host: string,
  port: number,
  metrics: GatewayMetrics,
  log: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    serveOps(req, res, metrics, server.address() as AddressInfo)
      .then((served) => served || reply(res, 404, 'not found: /metrics, /healthz, /readyz'))
      .catch((e: Error) => {
        log.error({ err: e }, 'metrics request failed');
        if (!res.headersSent) reply(res, 500, 'internal error');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const a = server.address() as AddressInfo;
  const url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  log.info({ url }, 'serving metrics');
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

export function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

/**
 * DNS rebinding defence: a page on `evil.example` that resolves to 127.0.0.1 reaches us with its own
 * Host and Origin. Bound to loopback, only loopback Host names are served; a browser `Origin` must be
 * loopback too, or listed.
 */
export function checkHostAndOrigin(
  req: IncomingMessage,
  addr: AddressInfo,
  allowedOrigins: string[],
): string | undefined {
  const loopbackHost = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/i;
  const bound = addr.address;
  const isLoopback = bound === '127.0.0.1' || bound === '::1' || bound.startsWith('127.');
  const host = req.headers.host ?? '';
  if (isLoopback && !loopbackHost.test(host)) return `host \`${host.slice(0, 100)}\` is not served here`;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (allowedOrigins.includes(origin)) return undefined;
  try {
    const u = new URL(origin);
    if (loopbackHost.test(u.host)) return undefined;
  } catch {
    // not a URL: refused below
  }
  return `origin \`${origin.slice(0, 100)}\` is not allowed (add it with --allow-origin)`;
}
