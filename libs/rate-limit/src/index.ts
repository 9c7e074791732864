export { RateLimitModule } from './rate-limit.module';
export { RateLimiter } from './rate-limiter.service';
export type { RateLimitRule } from './rate-limiter.service';
export { MemoryRateLimitStore } from './memory-rate-limit.store';
export { RedisRateLimitStore } from './redis-rate-limit.store';
export { RateLimitStore } from './rate-limit.store';
export { closeRedisClient, createRedisClient, REDIS_COMMAND_TIMEOUT_MS } from './redis-client';
