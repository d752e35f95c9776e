import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('mcpshield up when the SMTP server is away', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const port = await closedPort();
    server = await startServer({
      port: 0,
      memory: true,
      env: { MCPSHIELD_SMTP_URL: `smtp://127.0.0.1:${port}` },
    });
  });
  afterAll(() => server?.close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('still registers, says the code was not sent, and answers 502 when asked again', async () => {
    const registered = await post('/api/auth/register', {
      email: 'offline@example.com',
      password: 'a passphrase long enough',
      first_name: 'Off',
      last_name: 'Line',
    });
    expect(registered.status).toBe(201);
    expect(registered.body.verification_sent).toBe(false);
    const again = await post('/api/auth/otp/request', { email: 'offline@example.com' });
    expect(again.status).toBe(502);
    expect(again.body).toEqual({ error: { code: 'mail_failed', message: expect.any(String) } });
  });
});
