import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

export interface RateLimitRule {
  /** What is limited, e.g. `login:ip:203.0.113.9`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Rate limits shared by all instances when REDIS_URL is set; off with RATE_LIMIT_DISABLED. */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly store: RateLimitStore;
  private readonly disabled: boolean;

  constructor({ values }: AppConfig) {
    this.disabled = values.RATE_LIMIT_DISABLED;
    this.store = values.REDIS_URL ? new RedisRateLimitStore(values.REDIS_URL) : new MemoryRateLimitStore();
  }

  /** Counts one hit against every rule; throws 429 rate_limited with Retry-After when one is over. */
  async enforce(...rules: RateLimitRule[]): Promise<void> {
    if (this.disabled) return;
    let retryAfterMs = 0;
    for (const rule of rules) {
      const { count, resetInMs } = await this.store.hit(rule.key, rule.windowSeconds * 1000);
      if (count > rule.limit) retryAfterMs = Math.max(retryAfterMs, resetInMs);
    }
    if (retryAfterMs > 0) {
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new DomainError('rate_limited', `Too many requests; retry in ${seconds} s`, undefined, {
        'Retry-After': String(seconds),
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
