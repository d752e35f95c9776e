import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/gateway/audit.js';
import { ControlPlaneAuditSink } from '../../src/gateway/audit-ship.js';
import { segmentText } from '../../src/gateway/audit-spool.js';
import { Backoff } from '../../src/gateway/backoff.js';
import { controlPlane } from '../../src/gateway/control-plane.js';
import { createLogger } from '../../src/gateway/log.js';
import { tempDir } from '../support/mcp.js';
import { startIngestReceiver } from './support/ingest-receiver.js';

/**
 * The control plane's audit sink against a stand-in for `POST /api/events/ingest`: every event is spooled
 * on disk before it is sent, deleted only once acknowledged, and replayed in order after an outage and
 * after the gateway restarts.
 */
const key = `mcps_${randomBytes(24).toString('base64url')}`;
const log = createLogger('audit-ship-test', 'silent');
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

let n = 0;
function event(): AuditEvent {
  n++;
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    client: 'test',
    server: 'memory',
    method: 'tools/call',
    tool: `tool_${n}`,
    phase: 'response',
    decision: n % 3 === 0 ? 'deny' : 'allow',
    rules: n % 3 === 0 ? ['rules[0]'] : [],
    findings: [],
    latency_ms: 0.5,
    arguments: { n },
  };
}

async function receiver(port = 0) {
  const r = await startIngestReceiver(key, port);
  open.push(r);
  return r;
}

function sink(
  url: string,
  spoolDir: string,
  o: { batchSize?: number; closeGraceMs?: number; spoolMaxBytes?: number } = {},
) {
  return new ControlPlaneAuditSink(controlPlane(url, key), {
    log,
    spoolDir,
    flushMs: 50,
    backoff: new Backoff(20, 200),
    ...o,
  });
}

const segments = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const spooled = (dir: string) => segments(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
/** A control plane that is down: the port of a receiver that was closed. */
async function downPort() {
  const r = await receiver();
  await r.close();
  return r.port;
}
async function until(what: () => boolean, label: string) {
  for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(what(), label).toBe(true);
}

describe('shipping audit events to the control plane', () => {
  it('sends batches of at most batchSize as {"events": [...]} and leaves the spool empty', async () => {
    const cp = await receiver();
    const dir = tempDir('spool');
    const s = sink(cp.url, dir, { batchSize: 500 });
    const sent = Array.from({ length: 1200 }, event);
    for (const e of sent) await s.write(e);
    await s.close();
    expect(cp.batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(cp.events()).toEqual(sent);
    expect(segments(dir)).toEqual([]);
  });

  it('writes a batch to the spool before sending it, and keeps it there until it is acknowledged', async () => {
    const cp = await receiver();
    cp.answers.push(500, 500, 503);
    const dir = tempDir('spool');
    const s = sink(cp.url, dir, { batchSize: 3 });
    const sent = [event(), event(), event()];
    for (const e of sent) await s.write(e);
    // The third write filled the batch: it resolved once the segment was on disk.
    expect(segments(dir)).toHaveLength(1);
    await until(() => cp.events().length === 3, 'acknowledged after three failures');
    expect(cp.requests()).toBe(4);
    await until(() => segments(dir).length === 0, 'the segment deleted once acknowledged');
    await s.close();
    expect(cp.events()).toEqual(sent);
  });

  it('keeps events spooled while the control plane is down, and replays them in order after a gateway restart', async () => {
    const first = await receiver();
    const port = first.port;
    await first.close();
    const dir = tempDir('spool');
    const before = sink(`http://127.0.0.1:${port}`, dir, { batchSize: 4, closeGraceMs: 100 });
    const earlier = Array.from({ length: 10 }, event);
    for (const e of earlier) await before.write(e);
    await before.close();
    expect(segments(dir)).toHaveLength(3); // 4 + 4 + 2, in the order written

    const back = await receiver(port);
    const after = sink(back.url, dir, { batchSize: 4 });
    const later = Array.from({ length: 5 }, event);
    await until(() => back.events().length === 10, 'the earlier run replayed');
    for (const e of later) await after.write(e);
    await after.close();
    expect(back.events()).toEqual([...earlier, ...later]);
    expect(segments(dir)).toEqual([]);
  });

  it('sends a batch again when the answer was lost; event ids make the replay harmless', async () => {
    const cp = await receiver();
    const dir = tempDir('spool');
    const a = sink(cp.url, dir, { batchSize: 2 });
    const b = sink(cp.url, dir, { batchSize: 2 });
    // Two gateways sharing one spool may both send a segment: the control plane counts it once.
    const sent = Array.from({ length: 8 }, event);
    for (const [i, e] of sent.entries()) await (i % 2 ? a : b).write(e);
    await Promise.all([a.close(), b.close()]);
    expect(new Set(cp.events().map((e) => e.id))).toEqual(new Set(sent.map((e) => e.id)));
    expect(cp.events()).toHaveLength(8);
  });

  it('moves a batch the control plane refuses for good aside, and goes on with the next ones', async () => {
    const cp = await receiver();
    cp.answers.push(422);
    const dir = tempDir('spool');
    const s = sink(cp.url, dir, { batchSize: 2 });
    const refused = [event(), event()];
    const taken = [event(), event()];
    for (const e of [...refused, ...taken]) await s.write(e);
    await s.close();
    expect(cp.events()).toEqual(taken);
    expect(readdirSync(join(dir, 'rejected'))).toHaveLength(1);
  });

  it('waits out a 429 and a refused key, and loses nothing', async () => {
    const cp = await receiver();
    cp.answers.push(429, 401);
    const dir = tempDir('spool');
    const s = sink(cp.url, dir, { batchSize: 1, closeGraceMs: 5_000 });
    const sent = [event(), event()];
    for (const e of sent) await s.write(e);
    await s.close();
    expect(cp.events()).toEqual(sent);
    expect(segments(dir)).toEqual([]);
  });

  it('makes writers wait while the spool is full, and loses nothing once the control plane is back', async () => {
    const port = await downPort();
    const dir = tempDir('spool');
    const sent = Array.from({ length: 10 }, event);
    // Room for the first two batches of two; the third waits.
    const max = Buffer.byteLength(segmentText(sent.slice(0, 4))) + 8;
    const s = sink(`http://127.0.0.1:${port}`, dir, { batchSize: 2, spoolMaxBytes: max });
    let written = 0;
    const writing = (async () => {
      for (const e of sent) {
        await s.write(e);
        written++;
      }
    })();
    await until(() => segments(dir).length === 2, 'two batches spooled');
    await new Promise((r) => setTimeout(r, 300));
    expect(written, 'the writer is held once the spool is full').toBeLessThanOrEqual(6);
    expect(segments(dir)).toHaveLength(2);
    expect(spooled(dir)).toBeLessThanOrEqual(max);

    const back = await receiver(port);
    await writing;
    await s.close();
    expect(back.events()).toEqual(sent);
    expect(segments(dir)).toEqual([]);
  });

  it('stops within its grace when the spool stays full, keeping what it spooled', async () => {
    const port = await downPort();
    const dir = tempDir('spool');
    const sent = Array.from({ length: 6 }, event);
    const max = Buffer.byteLength(segmentText(sent.slice(0, 2))) + 8;
    const s = sink(`http://127.0.0.1:${port}`, dir, { batchSize: 2, spoolMaxBytes: max, closeGraceMs: 200 });
    const writes = sent.map((e) => s.write(e));
    await until(() => segments(dir).length === 1, 'one batch spooled');
    await s.close();
    await Promise.all(writes); // released, not left hanging
    expect(segments(dir)).toHaveLength(1);

    const back = await receiver(port);
    const next = sink(back.url, dir, { batchSize: 2 });
    await until(() => back.events().length === 2, 'the spooled batch sent by the next run');
    await next.close();
    expect(back.events()).toEqual(sent.slice(0, 2));
  });
});
