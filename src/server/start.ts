import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { openStore } from '../store/index.js';
import { createApp } from './app.js';
import { Bus } from './bus.js';
import { Closers } from './closers.js';
import { devMailer, smtpMailer } from './mail.js';
import { LOGIN_LIMIT } from './rate-limit.js';
import { loadSecret } from './secret.js';

export type ServerOptions = {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Default `~/.mcpshield`: the embedded database (`DIR/db`) and the generated secret live here. */
  dataDir?: string;
  /** An embedded database in memory and no files at all (tests). */
  memory?: boolean;
  /** `MCPSHIELD_DATABASE_URL`, `MCPSHIELD_SMTP_URL`, `MCPSHIELD_JWT_SECRET`, `MCPSHIELD_KEV_FILE` are read from here. */
  env?: NodeJS.ProcessEnv;
};

export type RunningServer = { url: string; port: number; close(): Promise<void> };

export const DEFAULT_PORT = 8080;

/**
 * Opens (and migrates) the store, then serves the API; `close()` stops serving, runs the app's close hooks
 * (queued audit writes are stored) and closes the store.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.memory ? undefined : (options.dataDir ?? join(homedir(), '.mcpshield'));
  const secret = loadSecret(env.MCPSHIELD_JWT_SECRET, dataDir);
  const store = await openStore(
    env.MCPSHIELD_DATABASE_URL
      ? { url: env.MCPSHIELD_DATABASE_URL }
      : dataDir
        ? { dataDir: join(dataDir, 'db') }
        : { memory: true },
  );
  const mailer = env.MCPSHIELD_SMTP_URL ? smtpMailer(env.MCPSHIELD_SMTP_URL) : devMailer();
  const bus = new Bus();
  // Shared by every replica when Redis is configured.
  const loginLimiter = env.MCPSHIELD_REDIS_URL
    ? new (await import('./redis-rate-limit.js')).RedisRateLimiter(
        env.MCPSHIELD_REDIS_URL,
        LOGIN_LIMIT.limit,
        LOGIN_LIMIT.windowMs,
        'mcpshield:login-failures:',
      )
    : undefined;
  const closers = new Closers();
  const app = createApp({
    store,
    mailer,
    secret,
    loginLimiter,
    bus,
    closers,
    kevFile: env.MCPSHIELD_KEV_FILE || undefined,
    webhookPrivateTargets: ['1', 'true', 'yes'].includes(env.MCPSHIELD_WEBHOOK_ALLOW_PRIVATE ?? ''),
  });
  try {
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_PORT }, () =>
        resolve(s),
      );
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      async close() {
        const closeIdle = () => {
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        };
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        closeIdle();
        // Event streams never end by themselves: end them, then drop the connections they leave idle.
        const ending: Promise<void>[] = [];
        bus.emit('shutdown', { ending });
        await Promise.all(ending);
        await new Promise((resolve) => setImmediate(resolve));
        closeIdle();
        await stopped;
        await closers.close();
        mailer.close();
        await loginLimiter?.close();
        await store.close();
      },
    };
  } catch (err) {
    await closers.close();
    mailer.close();
    await loginLimiter?.close();
    await store.close();
    throw err;
  }
}
