import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stop, up } from './support/up.js';

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('mcpshield up (the CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpshield-up-'));
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, stops on SIGTERM, and keeps users and the secret across a restart', async () => {
    const password = `pw-${randomBytes(12).toString('base64url')}`;
    const first = await up(dir);
    running.push(first.child);
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);

    const email = 'kept@example.com';
    const registered = await post(`${first.url}/api/auth/register`, {
      email,
      password,
      first_name: 'Kept',
      last_name: 'User',
    });
    expect(registered.status).toBe(201);
    // without SMTP the code is in the log and in the dev mailbox
    const mailbox = (await (await fetch(`${first.url}/api/dev/mailbox`)).json()) as {
      messages: { text: string }[];
    };
    const code = /Your code is (\d{6})/.exec(mailbox.messages[0]!.text)![1]!;
    expect(first.stderr()).toContain(`Your code is ${code}`);
    expect((await post(`${first.url}/api/auth/otp/verify`, { email, code })).status).toBe(200);
    const login = await post(`${first.url}/api/auth/login`, { email, password });
    expect(login.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await up(dir);
    running.push(second.child);
    // the access token of the first run is still good: the secret was kept
    const me = await fetch(`${second.url}/api/me`, {
      headers: { authorization: `Bearer ${login.body.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email,
      email_verified: true,
      organizations: [{ role: 'owner' }],
    });
    expect(
      (await post(`${second.url}/api/auth/refresh`, { refresh_token: login.body.refresh_token })).status,
    ).toBe(200);
    expect((await post(`${second.url}/api/auth/login`, { email, password })).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  }, 60_000);
});
