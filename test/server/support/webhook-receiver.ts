import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = { headers: IncomingHttpHeaders; body: string };

/**
 * An HTTP server on loopback that records every POST and answers with the next status of `statuses`
 * (then 200 for good).
 */
export async function startWebhookReceiver(statuses: number[] = []) {
  const deliveries: Delivery[] = [];
  const answers = [...statuses];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/mcpshield`,
    deliveries,
    /** Resolves once `count` deliveries have arrived (fails after 10 s). */
    async received(count: number): Promise<Delivery[]> {
      const deadline = Date.now() + 10_000;
      while (deliveries.length < count) {
        if (Date.now() > deadline) throw new Error(`${deliveries.length} deliveries, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return deliveries;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
