import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { endSession, rotateSession, startSession } from '../auth/session.js';
import { clientAddress } from '../client-address.js';
import type { Deps } from '../context.js';
import { ApiError } from '../errors.js';
import type { RouteDoc } from '../route-docs.js';
import { readBody } from '../validate.js';

const email = z.email().max(254);
const password = z.string().min(12, 'must be at least 12 characters').max(256);
const RegisterBody = z.object({
  email,
  password,
  first_name: z.string().trim().min(1).max(100),
  last_name: z.string().trim().min(1).max(100),
});
const EmailBody = z.object({ email });
const VerifyBody = z.object({ email, code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });
const LoginBody = z.object({ email, password: z.string().min(1).max(256) });
const RefreshBody = z.object({ refresh_token: z.string().min(1).max(200).optional() });
/** `{email}` asks for a reset code; `{email, code, password}` sets the new password. */
const ResetBody = z
  .object({
    email,
    code: z
      .string()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional(),
    password: password.optional(),
  })
  .refine((b) => b.code === undefined || b.password !== undefined, {
    message: 'required with code',
    path: ['password'],
  });

/** The optional `{refresh_token}` body of refresh and logout (the cookie may carry the token instead). */
async function refreshBody(c: Context): Promise<{ refresh_token?: string }> {
  const hasBody = (c.req.header('content-type') ?? '').includes('json');
  return hasBody ? readBody(c, RefreshBody) : {};
}

/** Register, verify the email by code, log in, reset the password by code, refresh, log out. */
export function authRoutes(deps: Deps) {
  const { store, otp, secret, loginLimiter } = deps;
  return new Hono()
    .post('/register', async (c) => {
      const body = await readBody(c, RegisterBody);
      // Every new account owns an organisation of its own; joining another one is by invitation.
      const { user, org } = await store.createUserWithOrganization(
        {
          email: body.email,
          passwordHash: await hashPassword(body.password),
          firstName: body.first_name,
          lastName: body.last_name,
        },
        `${body.first_name}'s organisation`,
      );
      // The account exists either way; a code that could not be mailed can be asked for again.
      const sent = await otp.send(user, 'email_verification').then(
        () => true,
        (err: unknown) => {
          if (err instanceof ApiError && err.code === 'mail_failed') return false;
          throw err;
        },
      );
      return c.json(
        {
          verification_sent: sent,
          user: { id: user.id, email: user.email, email_verified: false },
          organization: { id: org.id, name: org.name, role: 'owner' },
        },
        201,
      );
    })
    .post('/otp/request', async (c) => {
      const body = await readBody(c, EmailBody);
      const user = await store.users.findByEmail(body.email);
      // The same answer whether the account exists or is already verified, so this does not reveal either.
      if (user && !user.emailVerifiedAt) await otp.send(user, 'email_verification');
      return c.json({ sent: true }, 202);
    })
    .post('/otp/verify', async (c) => {
      const body = await readBody(c, VerifyBody);
      const user = await store.users.findByEmail(body.email);
      await otp.verify(user, 'email_verification', body.code);
      await store.users.markEmailVerified(user!.id);
      return c.json({ verified: true });
    })
    .post('/login', async (c) => {
      const body = await readBody(c, LoginBody);
      const key = `${body.email.toLowerCase()}|${clientAddress(c)}`;
      const wait = await loginLimiter.retryAfter(key);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(429, 'too_many_attempts', `too many failed logins: try again in ${wait} s`, {
          retry_after: wait,
        });
      }
      const user = await store.users.findByEmail(body.email);
      if (!(await verifyPassword(user?.passwordHash ?? null, body.password))) {
        await loginLimiter.hit(key);
        throw new ApiError(401, 'invalid_credentials', 'wrong email or password');
      }
      await loginLimiter.reset(key);
      if (!user!.emailVerifiedAt) {
        throw new ApiError(403, 'email_not_verified', 'verify the email with the code sent to it first');
      }
      return startSession(c, store, secret, user!.id);
    })
    .post('/password/reset', async (c) => {
      const body = await readBody(c, ResetBody);
      const user = await store.users.findByEmail(body.email);
      if (body.code === undefined) {
        // The same answer whether the account exists, so this does not reveal it.
        if (user) await otp.send(user, 'password_reset');
        return c.json({ sent: true }, 202);
      }
      await otp.verify(user, 'password_reset', body.code);
      await store.users.setPasswordHash(user!.id, await hashPassword(body.password!));
      // Whoever held a session with the old password holds none now. The code proves the mailbox too.
      await store.refreshTokens.revokeAllOf(user!.id);
      if (!user!.emailVerifiedAt) await store.users.markEmailVerified(user!.id);
      return c.json({ reset: true });
    })
    .post('/refresh', async (c) => {
      const body = await refreshBody(c);
      return rotateSession(c, store, secret, body.refresh_token);
    })
    .post('/logout', async (c) => {
      const body = await refreshBody(c);
      return endSession(c, store, body.refresh_token);
    });
}

const open = { auth: 'none', tag: 'auth' } as const;
export const authDocs: RouteDoc[] = [
  {
    ...open,
    method: 'POST',
    path: '/auth/register',
    summary: 'Create an account (and an organisation it owns); mails a 6-digit verification code',
    body: RegisterBody,
    responses: { 201: '`{verification_sent, user, organization}`', 409: 'email taken', 422: 'invalid body' },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/otp/request',
    summary: 'Mail a new verification code (the same answer whether or not the account exists)',
    body: EmailBody,
    responses: { 202: '`{sent: true}`', 429: 'at most 3 codes per 5 minutes', 502: 'mail could not be sent' },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/otp/verify',
    summary: "Verify the account's email with the code",
    body: VerifyBody,
    responses: { 200: '`{verified: true}`', 400: 'wrong or expired code', 429: 'too many guesses' },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/login',
    summary:
      'Exchange email and password for an access token (15 min) and a refresh token (30 days, also a cookie)',
    body: LoginBody,
    responses: {
      200: '`{access_token, refresh_token, token_type, expires_in}`',
      401: 'wrong email or password',
      403: 'email not verified',
      429: 'too many failed logins',
    },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/password/reset',
    summary:
      '`{email}` mails a reset code; `{email, code, password}` sets the new password and ends every session',
    body: ResetBody,
    responses: { 200: 'password changed', 202: 'code sent', 400: 'wrong or expired code' },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/refresh',
    summary: 'Spend a refresh token (body or cookie) for a new pair; a spent token revokes its family',
    body: RefreshBody,
    responses: { 200: 'a new pair', 401: 'invalid, expired or reused token' },
  },
  {
    ...open,
    method: 'POST',
    path: '/auth/logout',
    summary: "Revoke the refresh token's family and clear the cookie",
    body: RefreshBody,
    responses: { 204: 'logged out' },
  },
];
