/**
 * Token buckets, one per key (`rules[3]|client:cursor`): `capacity` requests, refilled continuously over
 * the window. In process by default; the Redis-backed limiter for several replicas implements the same
 * interface.
 */
export interface RateLimiter {
  /** Take one token; false when the bucket is empty. */
  take(key: string, capacity: number, windowMs: number): Promise<boolean>;
  /** Release connections (the Redis limiter). */
  close?(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, capacity: number, windowMs: number): Promise<boolean> {
    return Promise.resolve(this.takeNow(key, capacity, windowMs));
  }

  takeNow(key: string, capacity: number, windowMs: number): boolean {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: capacity, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / windowMs);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
