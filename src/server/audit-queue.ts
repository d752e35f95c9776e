import { StoreError, type AuditEventInput, type OrgRepos } from '../store/index.js';
import { writeEvents } from './audit-writer.js';
import type { Bus } from './bus.js';

export type AuditQueueOptions = {
  /** A queued event is written at most this long after it arrived (default 50 ms). */
  flushMs?: number;
  /** This many queued events are written at once without waiting (default 500). */
  maxEvents?: number;
  /** Past this many queued events, `push` waits for the writer (default 50,000). */
  maxBacklog?: number;
  /** Tries of a batch whose write fails before it is dropped, with a log line (default 3). */
  attempts?: number;
};

type Group = { org: OrgRepos; projectId: string; events: AuditEventInput[]; calls: number; tries: number };

/**
 * The write-behind queue of `/v1/inspect`'s decisions: a request only queues its audit event; one writer
 * stores what accumulated every `flushMs` or `maxEvents`, one insert per project, with the `events` and
 * `inspect_calls` usage, then emits the bus `audit` event. `close()` writes what is left.
 */
export class AuditQueue {
  private groups = new Map<string, Group>();
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** A flush is chained and has not taken the queued events yet. */
  private queued = false;
  private readonly flushMs: number;
  private readonly maxEvents: number;
  private readonly maxBacklog: number;
  private readonly attempts: number;

  constructor(
    private readonly bus: Bus,
    options: AuditQueueOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 50;
    this.maxEvents = options.maxEvents ?? 500;
    this.maxBacklog = options.maxBacklog ?? 50_000;
    this.attempts = options.attempts ?? 3;
  }

  /** Queues one inspect call's event; waits only when the writer has fallen `maxBacklog` behind. */
  async push(org: OrgRepos, projectId: string, event: AuditEventInput): Promise<void> {
    this.add({ org, projectId, events: [event], calls: 1, tries: 0 });
    if (this.size >= this.maxEvents) {
      const written = this.flush();
      if (this.size + this.maxEvents > this.maxBacklog) await written;
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
    }
  }

  /** Writes everything queued so far; resolves when it is stored (or dropped after failing). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.queued) {
      this.queued = true;
      this.chain = this.chain.then(() => {
        this.queued = false;
        return this.write(this.take());
      });
    }
    return this.chain;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private add(group: Group): void {
    const key = `${group.org.orgId}/${group.projectId}`;
    const known = this.groups.get(key);
    if (known) {
      known.events.push(...group.events);
      known.calls += group.calls;
      known.tries = Math.max(known.tries, group.tries);
    } else {
      this.groups.set(key, group);
    }
    this.size += group.events.length;
  }

  private take(): Group[] {
    const groups = [...this.groups.values()];
    this.groups = new Map();
    this.size = 0;
    return groups;
  }

  private async write(groups: Group[]): Promise<void> {
    for (const group of groups) {
      try {
        await writeEvents(this.bus, group.org, group.projectId, group.events, {
          inspect_calls: group.calls,
        });
      } catch (err) {
        const tries = group.tries + 1;
        const gone = err instanceof StoreError || tries >= this.attempts;
        process.stderr.write(
          `mcpshield up: storing ${group.events.length} inspect decisions of project ${group.projectId} failed` +
            `${gone ? ', dropped' : ', will retry'}: ${(err as Error)?.message ?? String(err)}\n`,
        );
        if (!gone) this.add({ ...group, tries });
      }
    }
    if (this.size > 0) this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }
}
