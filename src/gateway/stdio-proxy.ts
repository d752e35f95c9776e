import { basename } from 'node:path';
import { StreamChannel } from './channel.js';
import { createGateway, type GatewayOptions } from './gateway.js';
import { Session } from './session.js';
import type { Logger } from './log.js';
import { connectRemote, type RemoteSpec } from './remote-upstream.js';
import { spawnStdio, type StdioSpec, type Upstream } from './upstream.js';

/** A stdio server to start, or a remote one to connect to. */
export type UpstreamSpec = StdioSpec | RemoteSpec;

/** Start (or connect to) the upstream of one session. */
export function startUpstream(spec: UpstreamSpec, maxBytes: number, log: Logger): Upstream {
  return 'url' in spec ? connectRemote(spec, log) : spawnStdio(spec, maxBytes);
}

export type StdioProxyOptions = Omit<GatewayOptions, 'server'> & {
  upstream: UpstreamSpec;
  server?: string;
  client?: string;
  maxMessageBytes: number;
  /** The upstream, already started while the gateway loaded (the first launch uses it). */
  started?: Upstream;
};

/**
 * The stdio shape: an AI client starts `mcpshield proxy ... -- SERVER COMMAND`, talks MCP on our stdin and
 * stdout, and we relay to the server we start, judging every message. Resolves when the client is gone
 * and everything in flight is answered and audited.
 */
export async function runStdioProxy(o: StdioProxyOptions): Promise<void> {
  const gateway = createGateway({ ...o, server: o.server ?? serverName(o.upstream) });
  const log = gateway.log;
  let early = o.started;
  const downstream = new StreamChannel(process.stdin, process.stdout, o.maxMessageBytes);
  process.stdout.on('error', () => undefined); // a client that went away: the session closes on stdin end
  const session = new Session({
    server: gateway.server,
    client: o.client ?? 'stdio',
    downstream,
    start: () => {
      const first = early;
      early = undefined;
      return first ?? startUpstream(o.upstream, o.maxMessageBytes, log);
    },
    judge: gateway.pipeline(),
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
  await gateway.close();
}

/** A readable server name from its command: `npx -y @scope/server-filesystem@1 /data` → `server-filesystem`. */
export function serverName(spec: UpstreamSpec): string {
  if ('url' in spec) return spec.url.hostname.replace(/^\[|\]$/g, '') || 'server';
  const launchers = new Set([
    'npx',
    'npm',
    'pnpm',
    'bunx',
    'uvx',
    'uv',
    'pipx',
    'node',
    'python',
    'python3',
    'deno',
    'bun',
    'docker',
    'exec',
    'run',
    'dlx',
    'tool',
  ]);
  const words = [basename(spec.command), ...spec.args];
  const pick =
    words.find((w) => !w.startsWith('-') && !launchers.has(basename(w).replace(/\.(exe|cmd)$/, ''))) ??
    basename(spec.command);
  const name = basename(pick.replace(/@[^@/]*$/, '')); // `@scope/pkg@1.2` → `pkg`
  return name.replace(/\.(m?js|ts|py|exe)$/, '') || 'server';
}
