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
