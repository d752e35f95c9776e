import { Redis } from 'ioredis';
import { RateLimiter, type FailureLimiter } from './rate-limit.js';

/**
 * The sliding window in a Redis sorted set (one member per event, scored by Redis's clock), so every
 * replica of the control plane counts the same failures. The trim, the count and the oldest entry come
 * from one script (atomic). While Redis cannot be reached the in-process window takes over, per replica,
 * and the first failure is logged: failing open would drop the limit, failing closed would lock every
 * user out because a cache is down.
 */
const CHECK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[2]) then return 0 end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + tonumber(ARGV[1]) - now) / 1000))
`;
const HIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, t[1] .. t[2] .. ':' .. ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

export class RedisRateLimiter implements FailureLimiter {
  private readonly redis: Redis;
  private readonly fallback: RateLimiter;
  private warned = false;
  private seq = 0;

  constructor(
    url: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly prefix: string,
    private readonly log: (line: string) => void = (l) => process.stderr.write(l),
  ) {
    this.fallback = new RateLimiter(limit, windowMs);
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {}); // reported once, by the call that fails
  }

  async retryAfter(key: string): Promise<number> {
    return this.guard(
      async () => Number(await this.redis.eval(CHECK, 1, this.prefix + key, this.windowMs, this.limit)),
      () => this.fallback.retryAfter(key),
    );
  }

  async hit(key: string): Promise<void> {
    this.fallback.hit(key);
    await this.guard(
      async () => void (await this.redis.eval(HIT, 1, this.prefix + key, this.windowMs, ++this.seq)),
      () => undefined,
    );
  }

  async reset(key: string): Promise<void> {
    this.fallback.reset(key);
    await this.guard(
      async () => void (await this.redis.del(this.prefix + key)),
      () => undefined,
    );
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async guard<T>(remote: () => Promise<T>, local: () => T): Promise<T> {
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      return await remote();
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.log(
          `mcpshield up: Redis unreachable (${(err as Error).message}); rate limits are counted in this process\n`,
        );
      }
      return local();
    }
  }
}
