import { Hono } from 'hono';
import { fromLoopback } from '../client-address.js';
import type { Deps } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';

/**
 * The dev mailbox: the mail the server would have sent, mounted only when no SMTP server is configured,
 * and shown only to clients on this machine (it holds sign-up codes).
 */
export function devRoutes({ mailer }: Deps) {
  return new Hono().get('/mailbox', (c) => {
    if (!fromLoopback(c))
      throw new ApiError(403, 'forbidden', 'the dev mailbox is shown only on this machine');
    return c.json({ messages: mailer.mailbox ?? [] });
  });
}

export const devDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/dev/mailbox',
    auth: 'none',
    tag: 'service',
    summary: 'The mail the server would have sent (only without SMTP, only to clients on this machine)',
    responses: { 200: '`{messages: [{to, subject, text, sent_at}]}`', 403: 'not from this machine' },
  },
];
