import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createAlerting } from './alerts/index.js';
import { ROUTE_DOCS } from './api-docs.js';
import { AuditQueue } from './audit-queue.js';
import { otpService } from './auth/otp.js';
import { Bus } from './bus.js';
import { Closers } from './closers.js';
import type { Deps } from './context.js';
import { ApiError, errorResponse } from './errors.js';
import { kevCatalog } from './inventory/kev.js';
import type { Mailer } from './mail.js';
import { PolicyCache } from './policy-cache.js';
import { QuotaGate } from './quota.js';
import { LOGIN_LIMIT, RateLimiter, type FailureLimiter } from './rate-limit.js';
import { startRetention } from './retention.js';
import { agentRoutes } from './routes/agents.js';
import { alertRoutes } from './routes/alerts.js';
import { auditRoutes } from './routes/audits.js';
import { authRoutes } from './routes/auth.js';
import { billingRoutes } from './routes/billing.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { devRoutes } from './routes/dev.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes, INGEST_MAX_BYTES } from './routes/events.js';
import { gatewayPolicyRoutes } from './routes/gateway-policy.js';
import { healthRoutes } from './routes/health.js';
import { inspectRoutes } from './routes/inspect.js';
import { memberRoutes } from './routes/members.js';
import { meRoutes } from './routes/me.js';
import { projectRoutes } from './routes/projects.js';
import { serverRoutes } from './routes/servers.js';
import { scanRoutes } from './routes/scans.js';
import { usageRoutes } from './routes/usage.js';
import type { Store } from '../store/index.js';

export type AppOptions = {
  store: Store;
  mailer: Mailer;
  secret: Uint8Array;
  bus?: Bus;
  /** Failed logins; default: counted in this process. */
  loginLimiter?: FailureLimiter;
  /** CISA's KEV catalog (`MCPSHIELD_KEV_FILE`; default: the shared data beside the package). */
  kevFile?: string;
  /** Waits between webhook delivery attempts (default 1 s, 5 s, 25 s). */
  webhookDelays?: readonly number[];
  /** Let webhooks reach loopback and private addresses (`MCPSHIELD_WEBHOOK_ALLOW_PRIVATE=1`). */
  webhookPrivateTargets?: boolean;
  /** Gets the app's close hooks (queued writes, timers); run them before closing the store. */
  closers?: Closers;
};

const MiB = 1024 * 1024;
/** How long closing waits for alert rules and deliveries under way (retries can take half a minute). */
const ALERTS_SETTLE_MS = 5000;

/** Waits for `work`, but not longer than `ms`. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Refuses bodies over `maxSize` bytes with 413 `body_too_large`. */
function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'body_too_large', `the request body is larger than ${maxSize / MiB} MiB`);
    },
  });
}

/** The HTTP API under `/api`. */
export function createApp({
  store,
  mailer,
  secret,
  bus = new Bus(),
  loginLimiter = new RateLimiter(LOGIN_LIMIT.limit, LOGIN_LIMIT.windowMs),
  kevFile,
  webhookDelays,
  webhookPrivateTargets = false,
  closers = new Closers(),
}: AppOptions): Hono {
  const alerting = createAlerting({ store, mailer, webhookDelays, webhookPrivateTargets });
  alerting.listen(bus);
  const deps: Deps = {
    store,
    mailer,
    secret,
    otp: otpService(store, mailer, secret),
    loginLimiter,
    bus,
    kev: kevCatalog(kevFile),
    alerting,
    webhookPrivateTargets,
    closers,
    policies: new PolicyCache(bus),
    auditQueue: new AuditQueue(bus),
    quota: new QuotaGate(),
  };
  // Runs last: the queue's final flush may raise alerts, whose delivery gets a few seconds to finish.
  closers.add(() => settleWithin(alerting.idle(), ALERTS_SETTLE_MS));
  closers.add(() => deps.policies.close());
  closers.add(() => deps.auditQueue.close());
  closers.add(startRetention(store));
  const inspect = inspectRoutes(deps);
  const smallBodies = limitBody(MiB);
  const ingestBodies = limitBody(INGEST_MAX_BYTES);
  const api = new Hono()
    .use((c, next) => (c.req.path === '/api/events/ingest' ? ingestBodies : smallBodies)(c, next))
    .route('/health', healthRoutes(deps))
    .route('/', docsRoutes(ROUTE_DOCS))
    .route('/auth', authRoutes(deps))
    .route('/me', meRoutes(deps))
    .route('/members', memberRoutes(deps))
    .route('/projects', projectRoutes(deps))
    .route('/agents', agentRoutes(deps))
    .route('/mcp', serverRoutes(deps))
    .route('/alerts', alertRoutes(deps))
    .route('/dashboard', dashboardRoutes(deps))
    .route('/v1/policy', gatewayPolicyRoutes(deps))
    .route('/', scanRoutes(deps))
    .route('/v1', inspect)
    .route('/events', eventRoutes(deps))
    .route('/audits', auditRoutes(deps))
    .route('/usage', usageRoutes(deps))
    .route('/billing', billingRoutes(deps));
  if (mailer.mailbox) api.route('/dev', devRoutes(deps));

  const app = new Hono();
  app.route('/api', api);
  app.use('/v1/*', smallBodies).route('/v1', inspect); // CONTRACTS.md names this path too
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError(errorResponse);
  return app;
}
