import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, field by field
export type Answer = { status: number; headers: Headers; text: string; body: any };

/** One HTTP call to the API; a string body is sent as is, anything else as JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null; // CSV, JSONL, HTML: read `text`
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** A signed-in user of their own organisation, with calls that carry their token. */
export type Member = {
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  orgId: string;
  userId: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
};

/** A throwaway email that no test shares. */
export const freshEmail = (tag = 'user') => `${tag}-${randomBytes(6).toString('hex')}@example.test`;

/**
 * Registers, verifies by the code from the dev mailbox (or `codeFor`, for a server that mails over SMTP)
 * and logs in.
 */
export async function signUp(
  base: string,
  options: { email?: string; codeFor?: (email: string) => Promise<string> } = {},
): Promise<Member> {
  const email = options.email ?? freshEmail();
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const reg = await call(base, 'POST', '/api/auth/register', {
    email,
    password,
    first_name: 'Test',
    last_name: 'User',
  });
  expect(reg.status, reg.text).toBe(201);
  const code = options.codeFor
    ? await options.codeFor(email)
    : /(\d{6})/.exec(
        (await call(base, 'GET', '/api/dev/mailbox')).body.messages
          .filter((m: { to: string }) => m.to === email)
          .at(-1).text,
      )![1]!;
  expect((await call(base, 'POST', '/api/auth/otp/verify', { email, code })).status).toBe(200);
  const login = await call(base, 'POST', '/api/auth/login', { email, password });
  expect(login.status, login.text).toBe(200);
  const token = login.body.access_token as string;
  const me = await call(base, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` });
  return {
    email,
    password,
    token,
    refreshToken: login.body.refresh_token,
    orgId: me.body.organizations[0].id,
    userId: me.body.id,
    call: (method, path, body, headers = {}) =>
      call(base, method, path, body, { authorization: `Bearer ${token}`, ...headers }),
  };
}

/** An in-memory server with the dev mailbox, for tests that need one of their own. */
export function memoryServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, memory: true, env });
}
