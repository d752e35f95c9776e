import { createMiddleware } from 'hono/factory';
import type { Env } from '../context.js';
import { ApiError } from '../errors.js';
import { verifyAccessToken } from './tokens.js';

/** Lets a request through only with `Authorization: Bearer <valid access token>`; sets `userId`. */
export function requireUser(secret: Uint8Array) {
  return createMiddleware<Env>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const userId = match ? await verifyAccessToken(secret, match[1]!) : null;
    if (!userId) throw new ApiError(401, 'unauthorized', 'a valid access token is required');
    c.set('userId', userId);
    await next();
  });
}
