import { monthOf, type OrgRepos, type Plan } from '../store/index.js';
import { createMiddleware } from 'hono/factory';
import type { KeyEnv } from './context.js';
import { ApiError } from './errors.js';

/** How long an organisation's plan and month's event count are trusted before they are read again. */
export const QUOTA_TTL_MS = 1000;

type Entry = { plan: Plan; month: string; used: number; readAt: number };

/** The first instant of the UTC month after the one `at` falls in: when the monthly counters reset. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/**
 * The plan's monthly event limit, checked before a machine's events are taken (ingest, inspect). The
 * plan and the month's `events` count are read at most once per `QUOTA_TTL_MS` per organisation, so the
 * check costs no query on the hot path; events taken in this process are added to the cached count at
 * once. A month already at or over the limit is refused with 429 `quota_exceeded` until it resets.
 */
export class QuotaGate {
  private readonly entries = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<Entry>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The 429 to answer when the organisation's month is at or over its plan's limit; else null. */
  async refusal(org: OrgRepos): Promise<ApiError | null> {
    const entry = await this.entry(org);
    const limit = entry.plan.monthlyEvents;
    if (limit === null || entry.used < limit) return null;
    const resetsAt = nextMonthStart(new Date(this.now()));
    return new ApiError(
      429,
      'quota_exceeded',
      `the ${entry.plan.name} plan allows ${limit} events a month and ${entry.used} were recorded this month; upgrade or wait until ${resetsAt.toISOString()}`,
      {
        limit,
        used: entry.used,
        plan: entry.plan.id,
        resets_at: resetsAt.toISOString(),
        retry_after: Math.max(1, Math.ceil((resetsAt.getTime() - this.now()) / 1000)),
      },
    );
  }

  /** Events this process just took for the organisation (counted in the store by their writer). */
  add(orgId: string, events: number): void {
    const entry = this.entries.get(orgId);
    if (entry) entry.used += events;
  }

  /** The organisation changed plans: read it again on the next check. */
  forget(orgId: string): void {
    this.entries.delete(orgId);
  }

  private async entry(org: OrgRepos): Promise<Entry> {
    const month = monthOf(new Date(this.now()));
    const entry = this.entries.get(org.orgId);
    if (entry && entry.month === month && this.now() - entry.readAt < QUOTA_TTL_MS) return entry;
    let read = this.reading.get(org.orgId);
    if (!read) {
      read = this.read(org, month).finally(() => this.reading.delete(org.orgId));
      this.reading.set(org.orgId, read);
    }
    return read;
  }

  private async read(org: OrgRepos, month: string): Promise<Entry> {
    const [plan, counters] = await Promise.all([org.billing.plan(), org.usage.month(month)]);
    const entry = { plan, month, used: counters.events ?? 0, readAt: this.now() };
    this.entries.set(org.orgId, entry);
    return entry;
  }
}

/** Refuses a machine's request with 429 and `Retry-After` while its organisation is over quota. */
export function requireQuota(gate: QuotaGate) {
  return createMiddleware<KeyEnv>(async (c, next) => {
    const refusal = await gate.refusal(c.get('org'));
    if (refusal) {
      c.header('Retry-After', String(refusal.extra.retry_after));
      throw refusal;
    }
    await next();
  });
}
