import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createAlerting } from './alerts/index.js';
import { ROUTE_DOCS } from './api-docs.js';
import { otpService } from './auth/otp.js';
import { Bus } from './bus.js';
import type { Deps } from './context.js';
import { ApiError, errorResponse } from './errors.js';
import { kevCatalog } from './inventory/kev.js';
import type { Mailer } from './mail.js';
import { LOGIN_LIMIT, RateLimiter, type FailureLimiter } from './rate-limit.js';
import { agentRoutes } from './routes/agents.js';
import { alertRoutes } from './routes/alerts.js';
import { authRoutes } from './routes/auth.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { devRoutes } from './routes/dev.js';
import { docsRoutes } from './routes/docs.js';
import { gatewayPolicyRoutes } from './routes/gateway-policy.js';
import { healthRoutes } from './routes/health.js';
import { memberRoutes } from './routes/members.js';
import { meRoutes } from './routes/me.js';
import { projectRoutes } from './routes/projects.js';
import { serverRoutes } from './routes/servers.js';
import { scanRoutes } from './routes/scans.js';
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
};

/** The HTTP API under `/api`. */
export function createApp({
  store,
  mailer,
  secret,
  bus = new Bus(),
  loginLimiter = new RateLimiter(LOGIN_LIMIT.limit, LOGIN_LIMIT.windowMs),
  kevFile,
  webhookDelays,
}: AppOptions): Hono {
  const alerting = createAlerting({ store, mailer, webhookDelays });
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
  };
  const api = new Hono()
    .use(
      bodyLimit({
        maxSize: 1024 * 1024,
        onError: () => {
          throw new ApiError(413, 'body_too_large', 'the request body is larger than 1 MiB');
        },
      }),
    )
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
    .route('/', scanRoutes(deps));
  if (mailer.mailbox) api.route('/dev', devRoutes(deps));

  const app = new Hono();
  app.route('/api', api);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError(errorResponse);
  return app;
}
