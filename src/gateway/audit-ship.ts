import type { AuditEvent, AuditSink } from './audit.js';
import { AuditSpool, segmentText } from './audit-spool.js';
import { Backoff, sleep } from './backoff.js';
import { auditSpoolDir, callControlPlane, failureOf, type ControlPlane } from './control-plane.js';
import type { Logger } from './log.js';

export type ShipOptions = {
  log: Logger;
  /** Events per batch (and per segment and request). */
  batchSize?: number;
  /** A batch not full is spooled and sent after this long. */
  flushMs?: number;
  /** How long `close()` keeps sending what is spooled before it leaves the rest for the next start. */
  closeGraceMs?: number;
  /** Where the spool lives (default `$MCPSHIELD_HOME/spool/audit/<control plane id>`). */
  spoolDir?: string;
  /**
   * The most the spool may hold on disk (default `MCPSHIELD_AUDIT_SPOOL_MAX_MB` MiB, else 1 GiB). A full
   * spool takes no more segments: writers wait until the control plane takes some (back-pressure).
   */
  spoolMaxBytes?: number;
  backoff?: Backoff;
};

type Outcome =
  | { kind: 'acknowledged' }
  | { kind: 'refused'; reason: string }
  | { kind: 'retry'; reason: string; afterMs?: number };

/** Segments left by gateways that stopped are looked for this often when there is nothing else to do. */
const RESCAN_MS = 30_000;
/** A full or unwritable spool is looked at again this often, besides when a segment is shipped. */
const SPOOL_RETRY_MS = 1_000;
const DEFAULT_SPOOL_MB = 1024;

/**
 * The audit sink of a gateway connected to a control plane. Events are gathered into batches (up to
 * `batchSize`, or every `flushMs`); each batch is written to the disk spool and synced BEFORE it is sent
 * to `POST /api/events/ingest` as `{"events": [...]}`, and its segment is deleted only once the control
 * plane acknowledged it. While the control plane is away, segments pile up and are sent in order when it
 * is back, by this run or the next one; event ids make a batch sent twice harmless. A batch the control
 * plane refuses for good (400, 413, 422) is moved to `rejected/` so it cannot block the ones after it.
 *
 * A spool that is full (`spoolMaxBytes`) or cannot be written (a full disk) holds the batch in memory and
 * makes every writer wait until it is on disk: the gateway slows down rather than lose or hoard events,
 * and says so. Events still unwritten when `close()` gives up are counted in an error line.
 */
export class ControlPlaneAuditSink implements AuditSink {
  readonly spool: AuditSpool;
  private batch: AuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private spooling: Promise<void> = Promise.resolve();
  private readonly stop = new AbortController();
  private wake: (() => void) | undefined;
  /** Aborted to cut a wait before retrying short (once, when closing). */
  private retryNow = new AbortController();
  private emptied: (() => void)[] = [];
  private outage = false;
  /** The spool takes no segment now (full or failing); writers wait. */
  private blocked = false;
  /** Wakes a batch waiting for room in the spool (a segment was shipped). */
  private roomFreed = new AbortController();
  /** Events given up when closing with the spool still blocked. */
  private lost = 0;
  private readonly spoolMaxBytes: number;
  private readonly loop: Promise<void>;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly backoff: Backoff;
  private readonly log: Logger;

  constructor(
    private readonly cp: ControlPlane,
    private readonly o: ShipOptions,
  ) {
    this.spool = new AuditSpool(o.spoolDir ?? auditSpoolDir(cp));
    this.batchSize = o.batchSize ?? 500;
    this.flushMs = o.flushMs ?? 1_000;
    this.backoff = o.backoff ?? new Backoff();
    this.log = o.log;
    this.spoolMaxBytes = o.spoolMaxBytes ?? spoolMaxFromEnv(o.log);
    this.loop = this.run();
  }

  /**
   * Takes the event into the batch; the write that fills a batch waits until it is on disk, and while the
   * spool is blocked every write waits for the batches before it.
   */
  write(event: AuditEvent): Promise<void> {
    this.batch.push(event);
    if (this.batch.length >= this.batchSize) return this.flush();
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
    return this.blocked ? this.spooling : Promise.resolve();
  }

  /** The batch so far, to the spool and on its way. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.batch;
    this.batch = [];
    if (events.length === 0) return this.spooling;
    this.spooling = this.spooling.then(() => this.toSpool(events));
    return this.spooling;
  }

  /** One batch onto the disk, waiting for room (or a writable disk) as long as it takes, until closed. */
  private async toSpool(events: AuditEvent[]): Promise<void> {
    const text = segmentText(events);
    const bytes = Buffer.byteLength(text);
    for (;;) {
      if (this.stop.signal.aborted) {
        this.lost += events.length;
        return;
      }
      const freed = this.roomFreed.signal;
      const used = await this.spool.size().catch(() => 0);
      // A batch larger than the whole spool still goes into an empty one.
      if (used === 0 || used + bytes <= this.spoolMaxBytes) {
        try {
          await this.spool.append(text);
          this.kick();
          if (this.blocked) this.log.info('the audit spool takes events again; the gateway goes on');
          this.blocked = false;
          return;
        } catch (e) {
          if (!this.blocked)
            this.log.error(
              { err: e, events: events.length, spool: this.spool.dir },
              'cannot write the audit spool; the gateway waits with its events until it can',
            );
        }
      } else if (!this.blocked) {
        this.log.warn(
          { spool: this.spool.dir, bytes: used, max: this.spoolMaxBytes },
          'the audit spool is full; the gateway waits until the control plane takes events again',
        );
      }
      this.blocked = true;
      await sleep(SPOOL_RETRY_MS, freed, this.stop.signal);
    }
  }

  /** A segment left the spool: a batch waiting for room looks again. */
  private freed(): void {
    this.roomFreed.abort();
    this.roomFreed = new AbortController();
  }

  /** Spools what is gathered, keeps sending for `closeGraceMs`, then stops; the rest waits on disk. */
  async close(): Promise<void> {
    const flushed = this.flush();
    // One more try at once: a control plane that came back during a long wait gets the spool now.
    this.retryNow.abort();
    const grace = new AbortController();
    await Promise.race([
      flushed.then(() => this.drained()),
      sleep(this.o.closeGraceMs ?? 3_000, grace.signal),
    ]);
    grace.abort();
    this.stop.abort();
    this.kick();
    await flushed;
    await this.loop;
    if (this.lost > 0)
      this.log.error(
        { events: this.lost, spool: this.spool.dir },
        'audit events lost: the spool stayed full or unwritable until the gateway stopped',
      );
    const left = (await this.spool.list()).length;
    if (left > 0)
      this.log.warn(
        { segments: left, spool: this.spool.dir },
        'the control plane has not acknowledged every audit event; they stay spooled and are sent on the next start',
      );
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      this.emptied.push(resolve);
      this.kick();
    });
  }

  private kick(): void {
    this.wake?.();
  }

  private async idle(): Promise<void> {
    const woken = new AbortController();
    this.wake = () => woken.abort();
    await sleep(RESCAN_MS, woken.signal, this.stop.signal);
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const waiting = await this.spool.list();
        if (waiting.length === 0) {
          for (const resolve of this.emptied.splice(0)) resolve();
          await this.idle();
          continue;
        }
        for (const name of waiting) {
          if (this.stop.signal.aborted) return;
          if (!(await this.send(name))) break;
          this.freed(); // the segment left the spool (sent, refused or unreadable)
        }
      } catch (e) {
        this.log.error({ err: e, spool: this.spool.dir }, 'the audit spool failed; trying again');
        await sleep(this.backoff.next(), this.stop.signal);
      }
    }
  }

  /** Sends one segment; false when the control plane is away (after waiting to try again). */
  private async send(name: string): Promise<boolean> {
    let events: AuditEvent[] | null;
    try {
      events = await this.spool.read(name);
    } catch (e) {
      const moved = await this.spool.reject(name);
      this.log.error({ err: e, segment: moved }, 'an audit spool segment cannot be read; moved aside');
      return true;
    }
    if (events === null || events.length === 0) {
      await this.spool.remove(name);
      return true;
    }
    const outcome = await this.ship(events);
    if (outcome.kind === 'acknowledged') {
      await this.spool.remove(name);
      this.backoff.reset();
      if (this.outage)
        this.log.info('the control plane takes audit events again; spooled ones follow in order');
      this.outage = false;
      return true;
    }
    if (outcome.kind === 'refused') {
      const moved = await this.spool.reject(name);
      this.log.error(
        { reason: outcome.reason, events: events.length, segment: moved },
        'the control plane refused a batch of audit events; it is kept aside',
      );
      return true;
    }
    if (!this.outage)
      this.log.warn(
        { reason: outcome.reason },
        'cannot send audit events to the control plane; they are spooled and sent when it is back',
      );
    this.outage = true;
    const retryNow = this.retryNow.signal.aborted ? (this.retryNow = new AbortController()) : this.retryNow;
    await sleep(outcome.afterMs ?? this.backoff.next(), this.stop.signal, retryNow.signal);
    return false;
  }

  private async ship(events: AuditEvent[]): Promise<Outcome> {
    let res: Response;
    // Its own signal, tied to the sink's stop for this request only.
    const request = new AbortController();
    const abort = () => request.abort();
    this.stop.signal.addEventListener('abort', abort, { once: true });
    try {
      res = await callControlPlane(this.cp, '/events/ingest', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
        signal: request.signal,
        timeoutMs: 15_000,
      });
    } catch (e) {
      return { kind: 'retry', reason: await failureOf(e as Error) };
    } finally {
      this.stop.signal.removeEventListener('abort', abort);
    }
    if (res.ok) {
      await res.body?.cancel();
      return { kind: 'acknowledged' };
    }
    const reason = await failureOf(res);
    if (res.status === 400 || res.status === 413 || res.status === 422) return { kind: 'refused', reason };
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'));
      return {
        kind: 'retry',
        reason,
        afterMs: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : undefined,
      };
    }
    return { kind: 'retry', reason };
  }
}

function spoolMaxFromEnv(log: Logger): number {
  const raw = process.env.MCPSHIELD_AUDIT_SPOOL_MAX_MB;
  const mb = raw === undefined ? DEFAULT_SPOOL_MB : Number(raw);
  if (Number.isFinite(mb) && mb > 0) return mb * 1024 * 1024;
  log.warn(
    { value: raw },
    `MCPSHIELD_AUDIT_SPOOL_MAX_MB is not a positive number; using ${DEFAULT_SPOOL_MB}`,
  );
  return DEFAULT_SPOOL_MB * 1024 * 1024;
}
