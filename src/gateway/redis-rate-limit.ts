import { Redis } from 'ioredis';
import type { Logger } from './log.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';

/**
 * One token bucket per key, kept in Redis so that several gateway replicas share their limits. The refill
 * and the take happen in one Lua script (atomic), on Redis's clock (replicas' clocks may disagree).
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + (now - at) * capacity / window)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2))
return ok
`;

/**
 * When Redis cannot be reached the limits still hold, per replica: the in-process limiter takes over
 * and the first failure is logged. Failing open would drop the limits; failing closed would stop every
 * rate-limited tool because a cache is down.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimiter();
  private warned = false;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly prefix = 'mcpshield:rl:',
  ) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined); // reported per request below
    this.redis.defineCommand('mcpshieldTake', { numberOfKeys: 1, lua: TAKE });
  }

  async take(key: string, capacity: number, windowMs: number): Promise<boolean> {
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      const ok = await (
        this.redis as unknown as { mcpshieldTake(k: string, c: number, w: number): Promise<number> }
      ).mcpshieldTake(this.prefix + key, capacity, windowMs);
      this.warned = false;
      return ok === 1;
    } catch (e) {
      if (!this.warned)
        this.log.warn(
          { err: (e as Error).message },
          'redis unreachable: rate limits are kept per replica until it is back',
        );
      this.warned = true;
      return this.fallback.takeNow(key, capacity, windowMs);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
