import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../../src/server/app.js';
import { Bus } from '../../../src/server/bus.js';
import { devMailer } from '../../../src/server/mail.js';
import { openStore, type Store } from '../../../src/store/index.js';

/**
 * The API served on loopback from `createApp`, with its store and bus in the test's hands: for stories
 * that emit bus events or seed rows no route writes yet.
 */
export async function appServer(options: { databaseUrl?: string } = {}) {
  const store: Store = await openStore(options.databaseUrl ? { url: options.databaseUrl } : { memory: true });
  const bus = new Bus();
  const mailer = devMailer(() => {});
  const app = createApp({
    store,
    mailer,
    secret: randomBytes(32),
    bus,
    webhookDelays: [10, 10],
    webhookPrivateTargets: true,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    bus,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await store.close();
    },
  };
}
