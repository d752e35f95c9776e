import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The address of the connection the request came on (not a forwarded header, which a client can forge). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by node (app.request in tests)
  }
}

/** Whether the request came from this machine. */
export function fromLoopback(c: Context): boolean {
  const address = clientAddress(c);
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
