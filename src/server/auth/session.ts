import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Store } from '../../store/index.js';
import { ApiError } from '../errors.js';
import {
  ACCESS_TTL_S,
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TTL_MS,
  signAccessToken,
} from './tokens.js';

/** The httpOnly cookie that carries the refresh token, sent only to the auth routes. */
export const REFRESH_COOKIE = 'mcpshield_refresh';

export type Tokens = {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
};

/** Answers a login or refresh: the tokens in the body, the refresh token also as a cookie. */
function answer(c: Context, accessToken: string, refreshToken: string): Response {
  setCookie(c, REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/api/auth',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: REFRESH_TTL_MS / 1000,
  });
  const body: Tokens = {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TTL_S,
  };
  return c.json(body);
}

/** Starts a new refresh-token family for the user (a login). */
export async function startSession(c: Context, store: Store, secret: Uint8Array, userId: string) {
  const refreshToken = newRefreshToken();
  await store.refreshTokens.create({
    userId,
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
  });
  return answer(c, await signAccessToken(secret, userId), refreshToken);
}

/**
 * Spends the presented refresh token (body `refresh_token`, else the cookie) for a new pair. A token that
 * was already spent revokes its whole family: whoever holds any token of it must log in again.
 */
export async function rotateSession(c: Context, store: Store, secret: Uint8Array, presented?: string) {
  const token = presented ?? getCookie(c, REFRESH_COOKIE);
  if (!token) throw new ApiError(401, 'invalid_refresh_token', 'no refresh token given');
  const next = newRefreshToken();
  const result = await store.refreshTokens.rotate(hashRefreshToken(token), {
    tokenHash: hashRefreshToken(next),
    expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
  });
  if (result.status === 'reused') {
    throw new ApiError(
      401,
      'refresh_token_reused',
      'this refresh token was already used: every session it belongs to is revoked',
    );
  }
  if (result.status !== 'rotated') {
    throw new ApiError(401, 'invalid_refresh_token', `the refresh token is ${result.status}`);
  }
  return answer(c, await signAccessToken(secret, result.userId), next);
}

/** Ends the session of the presented refresh token (body or cookie): its whole family is revoked. */
export async function endSession(c: Context, store: Store, presented?: string) {
  const token = presented ?? getCookie(c, REFRESH_COOKIE);
  if (token) await store.refreshTokens.revokeFamilyOf(hashRefreshToken(token));
  deleteCookie(c, REFRESH_COOKIE, { path: '/api/auth' });
  return c.body(null, 204);
}
