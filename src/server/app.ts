import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ROUTE_DOCS } from './api-docs.js';
import { otpService } from './auth/otp.js';
import { Bus } from './bus.js';
import type { Deps } from './context.js';
import { ApiError, errorResponse } from './errors.js';
import type { Mailer } from './mail.js';
import { LOGIN_LIMIT, RateLimiter, type FailureLimiter } from './rate-limit.js';
import { authRoutes } from './routes/auth.js';
import { devRoutes } from './routes/dev.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { memberRoutes } from './routes/members.js';
import { meRoutes } from './routes/me.js';
import { projectRoutes } from './routes/projects.js';
import type { Store } from '../store/index.js';

export type AppOptions = {
  store: Store;
  mailer: Mailer;
  secret: Uint8Array;
  bus?: Bus;
  /** Failed logins; default: counted in this process. */
  loginLimiter?: FailureLimiter;
};

/** The HTTP API under `/api`. */
export function createApp({
  store,
  mailer,
  secret,
  bus = new Bus(),
  loginLimiter = new RateLimiter(LOGIN_LIMIT.limit, LOGIN_LIMIT.windowMs),
}: AppOptions): Hono {
  const deps: Deps = {
    store,
    mailer,
    secret,
    otp: otpService(store, mailer, secret),
    loginLimiter,
    bus,
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
    .route('/projects', projectRoutes(deps));
  if (mailer.mailbox) api.route('/dev', devRoutes(deps));

  const app = new Hono();
  app.route('/api', api);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError(errorResponse);
  return app;
}
