import { StreamChannel } from './channel.js';
import { createGateway, serverName, type GatewayOptions } from './gateway.js';
import { startOpsServer } from './ops.js';
import { Session } from './session.js';
import type { Upstream } from './upstream.js';

export type StdioProxyOptions = Omit<GatewayOptions, 'server'> & {
  server?: string;
  client?: string;
  /** The upstream, already started while the gateway loaded (the first launch uses it). */
  started?: Upstream;
  /** Serve `/metrics`, `/healthz` and `/readyz` here. */
  metricsAt?: { host: string; port: number };
};

/**
 * The stdio shape: an AI client starts `mcpshield proxy ... -- SERVER COMMAND`, talks MCP on our stdin and
 * stdout, and we relay to the server we start, judging every message. Resolves when the client is gone
 * and everything in flight is answered and audited.
 */
export async function runStdioProxy(o: StdioProxyOptions): Promise<void> {
  const gateway = await createGateway({
    ...o,
    server: o.server ?? serverName(o.upstream),
    metrics: o.metricsAt !== undefined,
  });
  const log = gateway.log;
  const ops =
    o.metricsAt && gateway.metrics
      ? await startOpsServer(o.metricsAt.host, o.metricsAt.port, gateway.metrics, log)
      : undefined;
  gateway.metrics?.sessions.set(1);
  let early = o.started;
  const downstream = new StreamChannel(process.stdin, process.stdout, o.maxMessageBytes);
  process.stdout.on('error', () => undefined); // a client that went away: the session closes on stdin end
  // The session asks its own client when a rule wants approval.
  const session: Session = new Session({
    server: gateway.server,
    client: o.client ?? 'stdio',
    downstream,
    start: () => {
      const first = early;
      early = undefined;
      return first ?? gateway.startUpstream();
    },
    judge: gateway.pipeline((ctx, d) => session.approve(ctx, d)),
    log,
  });
  const done = new Promise<void>((resolve) => (session.onClose = resolve));
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping: draining in-flight requests');
    void session.close();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await done;
  await ops?.close();
  await gateway.close();
}
