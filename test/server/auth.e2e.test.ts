import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { freshDatabase, TEST_DATABASE_URL } from '../store/databases.js';
import { startMailCatcher } from './support/mail-catcher.js';

/** A database for one run of the story: `undefined` is PGlite in memory. */
type Database = () => Promise<{ url?: string; drop(): Promise<void> }>;

accountStory('PGlite in memory', () => Promise.resolve({ drop: () => Promise.resolve() }));
// Skipped without MCPSHIELD_TEST_DATABASE_URL (CI sets it).
if (TEST_DATABASE_URL) accountStory('PostgreSQL', () => freshDatabase(TEST_DATABASE_URL!));

/**
 * The account story over real HTTP against an in-process server on loopback, with the mail caught by an
 * in-process SMTP server.
 */
function accountStory(name: string, database: Database) {
  describe(`mcpshield up: accounts and sessions (${name})`, () => {
    let db: Awaited<ReturnType<Database>>;
    let server: RunningServer;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    const password = () => `pw-${randomBytes(12).toString('base64url')}`;

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const res = await fetch(server.url + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are read loosely, field by field
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
    }

    const register = (email: string, pw: string) =>
      call('POST', '/api/auth/register', { email, password: pw, first_name: 'Ada', last_name: 'L' });

    async function registered(email: string, pw: string) {
      const res = await register(email, pw);
      expect(res.status).toBe(201);
      return res.body;
    }

    beforeAll(async () => {
      mail = await startMailCatcher();
      db = await database();
      server = await startServer({
        host: '127.0.0.1',
        port: 0,
        memory: true,
        env: { MCPSHIELD_SMTP_URL: mail.url, ...(db.url ? { MCPSHIELD_DATABASE_URL: db.url } : {}) },
      });
    });
    afterAll(async () => {
      await server?.close();
      await mail?.close();
      await db?.drop();
    });

    it('answers health, and 404 in the error shape for an unknown route', async () => {
      expect(await call('GET', '/api/health')).toMatchObject({
        status: 200,
        body: { status: 'ok', database: db.url ? 'postgres' : 'pglite' },
      });
      const missing = await call('GET', '/api/nothing');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      // mail goes over SMTP, so there is no dev mailbox
      expect((await call('GET', '/api/dev/mailbox')).status).toBe(404);
    });

    it('registers, verifies by emailed code, logs in, refreshes, and revokes a family on reuse', async () => {
      const pw = password();
      const created = await registered('first@example.com', pw);
      expect(created.organization.role).toBe('owner');

      // not before the email is verified
      const early = await call('POST', '/api/auth/login', { email: 'first@example.com', password: pw });
      expect(early.status).toBe(403);
      expect(early.body.error.code).toBe('email_not_verified');

      const code = await mail.codeFor('first@example.com');
      expect(await call('POST', '/api/auth/otp/verify', { email: 'first@example.com', code })).toMatchObject({
        status: 200,
        body: { verified: true },
      });
      // a code is spent once
      expect((await call('POST', '/api/auth/otp/verify', { email: 'first@example.com', code })).status).toBe(
        400,
      );

      const login = await call('POST', '/api/auth/login', { email: 'First@Example.com', password: pw });
      expect(login.status).toBe(200);
      const { access_token, refresh_token } = login.body;
      expect(access_token.split('.')).toHaveLength(3);
      const cookie = login.headers.get('set-cookie')!;
      expect(cookie).toContain(`mcpshield_refresh=${refresh_token}`);
      expect(cookie).toMatch(/HttpOnly/i);

      const me = await call('GET', '/api/me', undefined, { authorization: `Bearer ${access_token}` });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: 'first@example.com', email_verified: true, first_name: 'Ada' });
      expect(me.body.organizations).toEqual([
        { id: created.organization.id, name: expect.any(String), role: 'owner' },
      ]);
      expect((await call('GET', '/api/me')).status).toBe(401);
      expect((await call('GET', '/api/me', undefined, { authorization: 'Bearer nonsense' })).status).toBe(
        401,
      );

      const refreshed = await call('POST', '/api/auth/refresh', { refresh_token });
      expect(refreshed.status).toBe(200);
      const second = refreshed.body.refresh_token;
      expect(second).not.toBe(refresh_token);
      expect(
        (await call('GET', '/api/me', undefined, { authorization: `Bearer ${refreshed.body.access_token}` }))
          .status,
      ).toBe(200);

      // the refresh token also works from the cookie alone
      const byCookie = await call('POST', '/api/auth/refresh', undefined, {
        cookie: `mcpshield_refresh=${second}`,
      });
      expect(byCookie.status).toBe(200);
      const third = byCookie.body.refresh_token;

      // reusing a spent token revokes the family: the newest token is refused too
      const reuse = await call('POST', '/api/auth/refresh', { refresh_token });
      expect(reuse.status).toBe(401);
      expect(reuse.body.error.code).toBe('refresh_token_reused');
      const after = await call('POST', '/api/auth/refresh', { refresh_token: third });
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('invalid_refresh_token');

      // another login starts a new family that works, until logout revokes it
      const again = await call('POST', '/api/auth/login', { email: 'first@example.com', password: pw });
      const next = await call('POST', '/api/auth/refresh', { refresh_token: again.body.refresh_token });
      expect(next.status).toBe(200);
      const out = await call('POST', '/api/auth/logout', { refresh_token: next.body.refresh_token });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/mcpshield_refresh=;/);
      expect(
        (await call('POST', '/api/auth/refresh', { refresh_token: next.body.refresh_token })).status,
      ).toBe(401);
    });

    it('gives later users an organisation of their own', async () => {
      const later = await registered('later@example.com', password());
      const first = await register('first@example.com', password());
      expect(first.status).toBe(409);
      expect(later.organization.role).toBe('owner');
      expect(later.organization.id).not.toBe(
        (await registered('third@example.com', password())).organization.id,
      );
    });

    it('resets a password by emailed code, ends every session, and keeps the old password out', async () => {
      const old = password();
      await registered('reset@example.com', old);
      const verify = await mail.codeFor('reset@example.com');
      await call('POST', '/api/auth/otp/verify', { email: 'reset@example.com', code: verify });
      const session = await call('POST', '/api/auth/login', { email: 'reset@example.com', password: old });
      expect(session.status).toBe(200);

      expect((await call('POST', '/api/auth/password/reset', { email: 'reset@example.com' })).status).toBe(
        202,
      );
      expect((await call('POST', '/api/auth/password/reset', { email: 'nobody@example.com' })).status).toBe(
        202,
      );
      const code = await mail.codeFor('reset@example.com', 1);
      const missing = await call('POST', '/api/auth/password/reset', { email: 'reset@example.com', code });
      expect(missing.status).toBe(422);
      expect(missing.body.error.field).toBe('password');
      const fresh = password();
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const guessed = { email: 'reset@example.com', code: wrong, password: fresh };
      expect((await call('POST', '/api/auth/password/reset', guessed)).status).toBe(400);
      const reset = await call('POST', '/api/auth/password/reset', { ...guessed, code });
      expect(reset).toMatchObject({ status: 200, body: { reset: true } });

      // the session of the old password is over; the old password is refused, the new one works
      const refresh = { refresh_token: session.body.refresh_token };
      expect((await call('POST', '/api/auth/refresh', refresh)).status).toBe(401);
      expect(
        (await call('POST', '/api/auth/login', { email: 'reset@example.com', password: old })).status,
      ).toBe(401);
      expect(
        (await call('POST', '/api/auth/login', { email: 'reset@example.com', password: fresh })).status,
      ).toBe(200);
      // a code is spent once
      expect((await call('POST', '/api/auth/password/reset', { ...guessed, code })).status).toBe(400);
    });

    it('refuses a code after 5 wrong guesses, even the right one; a new code works', async () => {
      await registered('guess@example.com', password());
      const code = await mail.codeFor('guess@example.com');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 5; i++) {
        const res = await call('POST', '/api/auth/otp/verify', { email: 'guess@example.com', code: wrong });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_code');
      }
      const locked = await call('POST', '/api/auth/otp/verify', { email: 'guess@example.com', code });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('too_many_attempts');

      expect((await call('POST', '/api/auth/otp/request', { email: 'guess@example.com' })).status).toBe(202);
      const fresh = await mail.codeFor('guess@example.com', 1);
      expect(
        (await call('POST', '/api/auth/otp/verify', { email: 'guess@example.com', code: fresh })).status,
      ).toBe(200);
    });

    it('sends at most 3 codes per 5 minutes, and answers the same for an unknown email', async () => {
      await registered('codes@example.com', password());
      for (let i = 0; i < 2; i++)
        expect((await call('POST', '/api/auth/otp/request', { email: 'codes@example.com' })).status).toBe(
          202,
        );
      const fourth = await call('POST', '/api/auth/otp/request', { email: 'codes@example.com' });
      expect(fourth.status).toBe(429);
      expect((await call('POST', '/api/auth/otp/request', { email: 'nobody@example.com' })).status).toBe(202);
      await mail.codeFor('codes@example.com', 2);
      expect(mail.messages.filter((m) => m.to.includes('codes@example.com'))).toHaveLength(3);
      expect(mail.messages.filter((m) => m.to.includes('nobody@example.com'))).toHaveLength(0);
    });

    it('limits failed logins to 5 per 15 minutes per email and address', async () => {
      const pw = password();
      await registered('limited@example.com', pw);
      const code = await mail.codeFor('limited@example.com');
      await call('POST', '/api/auth/otp/verify', { email: 'limited@example.com', code });
      for (let i = 0; i < 5; i++) {
        const res = await call('POST', '/api/auth/login', {
          email: 'limited@example.com',
          password: 'wrong password',
        });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('invalid_credentials');
      }
      const blocked = await call('POST', '/api/auth/login', { email: 'limited@example.com', password: pw });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // an unknown email answers like a wrong password
      const unknown = await call('POST', '/api/auth/login', { email: 'ghost@example.com', password: pw });
      expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
    });

    it('answers 422 naming the field for a malformed body, 400 for broken JSON', async () => {
      const res = await register('not-an-email', password());
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', field: 'email' });
      expect(res.body.error.message).toMatch(/^email: /);
      const code = await call('POST', '/api/auth/otp/verify', { email: 'a@example.com', code: '12ab' });
      expect(code.body.error).toMatchObject({ field: 'code', reason: 'must be 6 digits' });
      const broken = await call('POST', '/api/auth/login', '{"email": ');
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('invalid_json');
      const huge = await call('POST', '/api/auth/login', {
        email: 'a@example.com',
        password: 'x'.repeat(2 << 20),
      });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('body_too_large');
    });
  });
}
