import { afterAll, expect, it } from 'vitest';
import { agentKey, discovered, postReport, reportBody } from './support/inventory.js';
import { memoryServer, signUp } from './support/api.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterAll(() => receiver?.close());

it('lets an alert delivery under way finish before the server closes', async () => {
  // the first attempt fails: the delivery is still under way (its retry waits 1 s) when close begins
  receiver = await startWebhookReceiver([503]);
  const server = await memoryServer({ MCPSHIELD_WEBHOOK_ALLOW_PRIVATE: '1' });
  const ada = await signUp(server.url);
  expect(
    (await ada.call('POST', '/api/alerts/channels', { kind: 'webhook', url: receiver.url })).status,
  ).toBe(201);
  const report = await postReport(server.url, await agentKey(ada), reportBody([discovered('shell', 90)]));
  expect(report.body.alerts).toHaveLength(1);
  await receiver.received(1);
  await server.close();
  expect(receiver.deliveries).toHaveLength(2);
});
