import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../src/server/alerts/webhook.js';
import type { RunningServer } from '../../src/server/index.js';
import { memoryServer, signUp, type Member } from './support/api.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

describe('webhook targets on private addresses', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let server: RunningServer;
  let ada: Member;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await memoryServer(); // without MCPSHIELD_WEBHOOK_ALLOW_PRIVATE
    ada = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  it('refuses a channel whose URL names a loopback, private or metadata address', async () => {
    for (const url of [
      receiver.url,
      'http://localhost:9/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
      'http://2130706433/',
    ]) {
      const res = await ada.call('POST', '/api/alerts/channels', { kind: 'webhook', url });
      expect(res.status, url).toBe(422);
      expect(res.body.error.field).toBe('url');
    }
    const ok = await ada.call('POST', '/api/alerts/channels', {
      kind: 'webhook',
      url: 'https://hooks.example.com/x',
    });
    expect(ok.status).toBe(201);
  });

  it('never connects to a name that resolves to a private address, and does when allowed', async () => {
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    const refused = await postWebhook(byName, 'whsec_test', '{}', { delays: [10] });
    expect(refused).toMatchObject({ ok: false, attempts: 1 });
    expect(refused.ok === false && refused.error).toContain('private webhook targets are refused');
    const literal = await postWebhook(receiver.url, 'whsec_test', '{}', { delays: [10] });
    expect(literal).toMatchObject({ ok: false, attempts: 0 });
    expect(receiver.deliveries).toHaveLength(0);

    expect(await postWebhook(byName, 'whsec_test', '{}', { allowPrivate: true })).toEqual({
      ok: true,
      attempts: 1,
    });
    expect(receiver.deliveries).toHaveLength(1);
  });
});
