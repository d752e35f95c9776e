import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { RedisRateLimiter } from './redis-rate-limit.js';

/**
 * Against the real Redis named by MCPSHIELD_TEST_REDIS_URL (`.ci/run` sets it to this machine's Redis);
 * skipped, with this reason, where none is configured.
 */
const url = process.env.MCPSHIELD_TEST_REDIS_URL;
const log = createLogger('test', 'silent');
const open: RedisRateLimiter[] = [];
const limiter = (u: string) => {
  const l = new RedisRateLimiter(u, log);
  open.push(l);
  return l;
};
afterAll(() => Promise.all(open.map((l) => l.close())));

describe.skipIf(!url)('RedisRateLimiter (real Redis)', () => {
  it('shares one bucket between replicas', async () => {
    const key = `test-${randomUUID()}`;
    const [a, b] = [limiter(url!), limiter(url!)];
    const got = [];
    for (const l of [a, b, a, b, a]) got.push(await l.take(key, 3, 60_000));
    expect(got).toEqual([true, true, true, false, false]);
    expect(await a.take(`${key}-other`, 3, 60_000)).toBe(true);
  });

  it('refills over the window', async () => {
    const key = `test-${randomUUID()}`;
    const l = limiter(url!);
    expect(await l.take(key, 1, 200)).toBe(true);
    expect(await l.take(key, 1, 200)).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(await l.take(key, 1, 200)).toBe(true);
  });
});

describe('RedisRateLimiter without Redis', () => {
  it('keeps limiting in process when Redis cannot be reached', async () => {
    const l = limiter('redis://127.0.0.1:1');
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await l.take('k', 3, 60_000));
    expect(got).toEqual([true, true, true, false]);
  });
});
