import { Hono } from 'hono';
import type { Deps } from '../context.js';

/** Liveness and the database's reachability. */
export function healthRoutes({ store }: Deps) {
  return new Hono().get('/', async (c) => {
    try {
      await store.ping();
      return c.json({ status: 'ok', database: store.driver });
    } catch {
      return c.json({ status: 'unavailable', database: store.driver }, 503);
    }
  });
}
