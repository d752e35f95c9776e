import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent } from '../../../src/gateway/audit.js';

/** How the receiver answers the next ingest request: a status, or taking the events (200). */
export type Answer = 200 | 401 | 422 | 429 | 500 | 503;

/**
 * A stand-in for the control plane's `POST /api/events/ingest` (`{"events": [...]}` with `X-API-Key`,
 * answering `{received, inserted, duplicates}`), keeping events by id as the real one does. `answers` is
 * a queue of answers for the next requests; empty, it takes them.
 */
export async function startIngestReceiver(key: string, port = 0) {
  const batches: AuditEvent[][] = [];
  const byId = new Map<string, AuditEvent>();
  const answers: Answer[] = [];
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/events/ingest') {
      res.writeHead(404).end();
      return;
    }
    requests++;
    const body = JSON.parse(await text(req)) as { events: AuditEvent[] };
    const answer = req.headers['x-api-key'] === key ? (answers.shift() ?? 200) : 401;
    if (answer !== 200) {
      res.writeHead(answer, {
        'content-type': 'application/json',
        ...(answer === 429 ? { 'retry-after': '1' } : {}),
      });
      res.end(JSON.stringify({ error: { code: 'test', message: `answered ${answer}` } }));
      return;
    }
    batches.push(body.events);
    let inserted = 0;
    for (const e of body.events) if (!byId.has(e.id) && byId.set(e.id, e)) inserted++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ received: body.events.length, inserted, duplicates: body.events.length - inserted }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    batches,
    /** Every event taken, once each, in the order first received. */
    events: () => [...byId.values()],
    answers,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
