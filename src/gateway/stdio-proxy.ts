import { basename } from 'node:path';
import type { PolicyIR } from '../policy/ir.js';
import { JsonlAuditSink, nullSink, type AuditSink } from './audit.js';
import { StreamChannel } from './channel.js';
import {
  auditMiddleware,
  pinMiddleware,
  policyMiddleware,
  SessionMemory,
  type PolicyHolder,
} from './enforce.js';
import { createLogger } from './log.js';
import { compose } from './pipeline.js';
import { PinStore } from './pins.js';
import { watchPolicy } from './policy-watch.js';
import { MemoryRateLimiter } from './rate-limit.js';
import { RedisRateLimiter } from './redis-rate-limit.js';
import { Session } from './session.js';
import { spawnStdio, type StdioSpec, type Upstream } from './upstream.js';

export type StdioProxyOptions = {
  upstream: StdioSpec;
  ir: PolicyIR;
  /** Watched for hot reload when given. */
  policyFile?: string;
  server?: string;
  client?: string;
  audit?: string;
  auditShape?: boolean;
  pinsDir: string;
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
  const server = o.server ?? serverName(o.upstream);
  const log = createLogger('mcpshield-proxy').child({ server });
  const holder: PolicyHolder = { ir: o.ir };
  const watcher = o.policyFile ? watchPolicy(o.policyFile, holder, log) : undefined;
  const sink: AuditSink = o.audit ? new JsonlAuditSink(o.audit) : nullSink;
  // Shared limits across replicas when Redis is configured; in process otherwise.
  const redisUrl = process.env.MCPSHIELD_REDIS_URL;
  const limiter = redisUrl ? new RedisRateLimiter(redisUrl, log) : new MemoryRateLimiter();
  const judge = compose([
    auditMiddleware(sink, o.auditShape ?? false),
    // Approvals made with `mcpshield pins approve` are seen within a second.
    pinMiddleware(new PinStore(o.pinsDir, 1000)),
    policyMiddleware(holder, limiter, new SessionMemory()),
  ]);
  let early = o.started;
  const downstream = new StreamChannel(process.stdin, process.stdout, o.maxMessageBytes);
  process.stdout.on('error', () => undefined); // a client that went away: the session closes on stdin end
  const session = new Session({
    server,
    client: o.client ?? 'stdio',
    downstream,
    start: () => {
      const first = early;
      early = undefined;
      return first ?? spawnStdio(o.upstream, o.maxMessageBytes);
    },
    judge,
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
  watcher?.close();
  if (limiter instanceof RedisRateLimiter) await limiter.close();
  await sink.close();
  log.flush();
}

/** A readable server name from its command: `npx -y @scope/server-filesystem@1 /data` → `server-filesystem`. */
export function serverName(spec: StdioSpec): string {
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
