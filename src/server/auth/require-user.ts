import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Env } from '../context.js';
import { ApiError } from '../errors.js';
import { verifyAccessToken } from './tokens.js';

/** The user id of the request's `Authorization: Bearer <access token>`; 401 without a valid one. */
export async function bearerUserId(c: Context, secret: Uint8Array): Promise<string> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  const userId = match ? await verifyAccessToken(secret, match[1]!) : null;
  if (!userId) throw new ApiError(401, 'unauthorized', 'a valid access token is required');
  return userId;
}

/** Lets a request through only with `Authorization: Bearer <valid access token>`; sets `userId`. */
export function requireUser(secret: Uint8Array) {
  return createMiddleware<Env>(async (c, next) => {
    c.set('userId', await bearerUserId(c, secret));
    await next();
  });
}
