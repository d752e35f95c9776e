import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/source.js';

type Up = { child: ChildProcess; url: string; stderr: () => string };

/** Starts `mcpshield up` from the sources and waits for the URL it prints. */
function up(dataDir: string): Promise<Up> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['MCPSHIELD_DATABASE_URL', 'MCPSHIELD_SMTP_URL', 'MCPSHIELD_JWT_SECRET'])
    delete env[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'up', '--port', '0', '--data-dir', dataDir],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /mcpshield up: listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`mcpshield up exited (${code}): ${stderr}`)));
  });
}

/** Sends SIGTERM and resolves with the exit code. */
function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

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
