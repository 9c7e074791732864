import type Redis from 'ioredis';
import { RateLimitStore, WindowCount } from './rate-limit.store';
import { closeRedisClient, createRedisClient } from './redis-client';

// INCR and the first PEXPIRE in one step, so that no key is left without an expiry.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

/** Counters shared by every instance that points at the same Redis. */
export class RedisRateLimitStore extends RateLimitStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'parley:rl:',
  ) {
    super();
    // While Redis is away a hit fails fast (see createRedisClient); the limiter then counts in
    // process instead of holding requests behind a reconnect.
    this.redis = createRedisClient(url, 'rate-limit');
  }

  async hit(key: string, windowMs: number, amount = 1): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(
      HIT_SCRIPT,
      1,
      this.prefix + key,
      String(windowMs),
      String(amount),
    )) as [number, number];
    return { count, resetInMs: ttl };
  }

  async close(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}
