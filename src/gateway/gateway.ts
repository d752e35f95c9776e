import { basename } from 'node:path';
import type { PolicyIR } from '../policy/ir.js';
import { JsonlAuditSink, teeSink, type AuditSink } from './audit.js';
import { ControlPlaneAuditSink } from './audit-ship.js';
import type { ControlPlane } from './control-plane.js';
import {
  auditMiddleware,
  pinMiddleware,
  policyMiddleware,
  SessionMemory,
  type Approver,
  type PolicyHolder,
} from './enforce.js';
import { createLogger, type Logger } from './log.js';
import type { GatewayMetrics } from './metrics.js';
import { compose, type FlowContext, type Middleware } from './pipeline.js';
import { PinStore } from './pins.js';
import { followPolicy } from './policy-follow.js';
import { watchPolicy } from './policy-watch.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import type { RemoteSpec } from './remote-upstream.js';
import { spawnStdio, type StdioSpec, type Upstream } from './upstream.js';

/** A stdio server to start, or a remote one to connect to. */
export type UpstreamSpec = StdioSpec | RemoteSpec;

export type GatewayOptions = {
  ir: PolicyIR;
  /** Watched for hot reload when given. */
  policyFile?: string;
  server: string;
  upstream: UpstreamSpec;
  maxMessageBytes: number;
  audit?: string;
  auditShape?: boolean;
  pinsDir: string;
  /** Prometheus metrics, for a front that serves them. */
  metrics?: boolean;
  /**
   * A control plane the gateway is connected to: its policy pushes are followed (from `version`, the one
   * `ir` was compiled from; `null` for a file's policy) and audit events are shipped there too.
   */
  controlPlane?: { plane: ControlPlane; version: number | null };
};

/** What every session of one gateway process shares: the policy, the audit sink, pins and limits. */
export type Gateway = {
  server: string;
  log: Logger;
  policy: PolicyHolder;
  metrics: GatewayMetrics | undefined;
  /** A pipeline for one session (its own memory for session rules; its client asked for approvals). */
  pipeline(approver?: Approver): (ctx: FlowContext) => Promise<void>;
  /** Start (or connect to) the upstream of one session. */
  startUpstream(): Upstream;
  close(): Promise<void>;
};

/**
 * Only what is used is loaded: Redis when `MCPSHIELD_REDIS_URL` is set, the HTTP and WebSocket clients
 * for a remote upstream, Prometheus for a front that serves metrics. An AI client starts a stdio wrapper
 * for every server it uses, and waits for it.
 */
export async function createGateway(o: GatewayOptions): Promise<Gateway> {
  const log = createLogger('mcpshield-proxy').child({ server: o.server });
  const policy: PolicyHolder = { ir: o.ir };
  const watcher = o.policyFile ? watchPolicy(o.policyFile, policy, log) : undefined;
  const cp = o.controlPlane;
  const follower = cp ? followPolicy(cp.plane, policy, { version: cp.version, log }) : undefined;
  const sink: AuditSink = teeSink([
    ...(o.audit ? [new JsonlAuditSink(o.audit)] : []),
    ...(cp ? [new ControlPlaneAuditSink(cp.plane, { log })] : []),
  ]);
  // Shared limits across replicas when Redis is configured; in process otherwise.
  const redisUrl = process.env.MCPSHIELD_REDIS_URL;
  const limiter: RateLimiter = redisUrl
    ? new (await import('./redis-rate-limit.js')).RedisRateLimiter(redisUrl, log)
    : new MemoryRateLimiter();
  const metrics = o.metrics ? new (await import('./metrics.js')).GatewayMetrics() : undefined;
  const spec = o.upstream;
  const connectRemote = 'url' in spec ? (await import('./remote-upstream.js')).connectRemote : undefined;
  // Approvals made with `mcpshield pins approve` are seen within a second.
  const pins = new PinStore(o.pinsDir, 1000);
  return {
    server: o.server,
    log,
    policy,
    metrics,
    pipeline: (approver) =>
      compose(
        [
          metrics?.middleware(),
          auditMiddleware(sink, o.auditShape ?? false),
          pinMiddleware(pins),
          policyMiddleware(policy, limiter, new SessionMemory(), approver),
        ].filter((m): m is Middleware => m !== undefined),
      ),
    startUpstream: () => {
      const up =
        'url' in spec ? connectRemote!(spec, o.maxMessageBytes, log) : spawnStdio(spec, o.maxMessageBytes);
      if (metrics) void up.ended.then(() => metrics.upstreamExits.inc());
      return up;
    },
    async close() {
      watcher?.close();
      follower?.close();
      await limiter.close?.();
      await sink.close();
      log.flush();
    },
  };
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
