import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limit.js';

const url = process.env.MCPSHIELD_TEST_REDIS_URL;

describe('RedisRateLimiter', () => {
  it.skipIf(!url)('counts failures once for every replica, and forgets them on reset', async () => {
    const prefix = `mcpshield-test:${randomBytes(6).toString('hex')}:`;
    const replica = () => new RedisRateLimiter(url!, 3, 60_000, prefix, () => {});
    const a = replica();
    const b = replica();
    try {
      for (let i = 0; i < 3; i++) {
        expect(await b.retryAfter('ada|127.0.0.1')).toBe(0);
        await (i % 2 ? a : b).hit('ada|127.0.0.1');
      }
      // the third failure, counted by either replica, locks the key for both
      expect(await a.retryAfter('ada|127.0.0.1')).toBeGreaterThan(0);
      expect(await b.retryAfter('ada|127.0.0.1')).toBeLessThanOrEqual(60);
      expect(await a.retryAfter('eve|127.0.0.1')).toBe(0);
      await b.reset('ada|127.0.0.1');
      expect(await a.retryAfter('ada|127.0.0.1')).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps counting in the process when Redis cannot be reached, and says so once', async () => {
    const logged: string[] = [];
    const limiter = new RedisRateLimiter('redis://127.0.0.1:1', 2, 60_000, 'x:', (l) => logged.push(l));
    try {
      await limiter.hit('k');
      expect(await limiter.retryAfter('k')).toBe(0);
      await limiter.hit('k');
      expect(await limiter.retryAfter('k')).toBeGreaterThan(0);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('Redis unreachable');
    } finally {
      await limiter.close();
    }
  });
});
