import { basename } from 'node:path';
import type { PolicyIR } from '../policy/ir.js';
import { JsonlAuditSink, nullSink, type AuditSink } from './audit.js';
import {
  auditMiddleware,
  pinMiddleware,
  policyMiddleware,
  SessionMemory,
  type PolicyHolder,
} from './enforce.js';
import { createLogger, type Logger } from './log.js';
import { GatewayMetrics } from './metrics.js';
import { compose, type FlowContext } from './pipeline.js';
import { PinStore } from './pins.js';
import { watchPolicy } from './policy-watch.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { RedisRateLimiter } from './redis-rate-limit.js';
import { connectRemote, type RemoteSpec } from './remote-upstream.js';
import { spawnStdio, type StdioSpec, type Upstream } from './upstream.js';

export type GatewayOptions = {
  ir: PolicyIR;
  /** Watched for hot reload when given. */
  policyFile?: string;
  server: string;
  audit?: string;
  auditShape?: boolean;
  pinsDir: string;
};

/** What every session of one gateway process shares: the policy, the audit sink, pins and limits. */
export type Gateway = {
  server: string;
  log: Logger;
  policy: PolicyHolder;
  metrics: GatewayMetrics;
  /** A pipeline for one session (its own memory for session rules). */
  pipeline(): (ctx: FlowContext) => Promise<void>;
  close(): Promise<void>;
};

export function createGateway(o: GatewayOptions): Gateway {
  const log = createLogger('mcpshield-proxy').child({ server: o.server });
  const policy: PolicyHolder = { ir: o.ir };
  const watcher = o.policyFile ? watchPolicy(o.policyFile, policy, log) : undefined;
  const sink: AuditSink = o.audit ? new JsonlAuditSink(o.audit) : nullSink;
  // Shared limits across replicas when Redis is configured; in process otherwise.
  const redisUrl = process.env.MCPSHIELD_REDIS_URL;
  const limiter: RateLimiter = redisUrl ? new RedisRateLimiter(redisUrl, log) : new MemoryRateLimiter();
  // Approvals made with `mcpshield pins approve` are seen within a second.
  const pins = new PinStore(o.pinsDir, 1000);
  const metrics = new GatewayMetrics();
  return {
    server: o.server,
    log,
    policy,
    metrics,
    pipeline: () =>
      compose([
        metrics.middleware(),
        auditMiddleware(sink, o.auditShape ?? false),
        pinMiddleware(pins),
        policyMiddleware(policy, limiter, new SessionMemory()),
      ]),
    async close() {
      watcher?.close();
      if (limiter instanceof RedisRateLimiter) await limiter.close();
      await sink.close();
      log.flush();
    },
  };
}

/** A stdio server to start, or a remote one to connect to. */
export type UpstreamSpec = StdioSpec | RemoteSpec;

/** Start (or connect to) the upstream of one session. */
export function startUpstream(spec: UpstreamSpec, maxBytes: number, log: Logger): Upstream {
  return 'url' in spec ? connectRemote(spec, maxBytes, log) : spawnStdio(spec, maxBytes);
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
