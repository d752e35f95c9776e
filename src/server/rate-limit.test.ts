import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` events per sliding window and says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(5, 15 * 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.hit('a');
      now += 60_000;
    }
    expect(limiter.retryAfter('a')).toBe(10 * 60); // the first hit leaves the window in 10 minutes
    expect(limiter.retryAfter('b')).toBe(0); // keys are counted apart
    now += 10 * 60_000;
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.hit('a');
    expect(limiter.retryAfter('a')).toBeGreaterThan(0);
    limiter.reset('a');
    expect(limiter.retryAfter('a')).toBe(0);
  });
});
