/** Failed logins per email and client address: 5 per 15 minutes. */
export const LOGIN_LIMIT = { limit: 5, windowMs: 15 * 60 * 1000 };

/** Failures counted per key over a sliding window: in this process, or in Redis (`redis-rate-limit.ts`). */
export interface FailureLimiter {
  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  retryAfter(key: string): Promise<number> | number;
  /** Counts one event for `key`. */
  hit(key: string): Promise<void> | void;
  /** Forgets `key` (a success ends a run of failures). */
  reset(key: string): Promise<void> | void;
  close?(): Promise<void>;
}

/** Counts events per key over a sliding window, in this process. */
export class RateLimiter implements FailureLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it is under the limit. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }

  /** Counts one event for `key`. */
  hit(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune();
  }

  /** Forgets `key` (a success ends a run of failures). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.hits.keys()]) {
      const recent = this.recent(key);
      if (recent.length === 0) this.hits.delete(key);
      else this.hits.set(key, recent);
    }
  }
}
