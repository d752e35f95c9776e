import { Hono } from 'hono';
import type { Deps } from '../context.js';
import type { RouteDoc } from '../route-docs.js';

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

export const healthDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/health',
    auth: 'none',
    tag: 'service',
    summary: "The service's liveness and its database's reachability",
    responses: { 200: '`{status: "ok", database}`', 503: 'the database does not answer' },
  },
];
