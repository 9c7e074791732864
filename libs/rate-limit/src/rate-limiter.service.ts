import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
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

const OUTAGE_WARNING_INTERVAL_MS = 30_000;

/**
 * Rate limits shared by all instances when REDIS_URL is set; off with RATE_LIMIT_DISABLED.
 * While Redis cannot be reached, each instance counts in process: limits stay on (per instance)
 * and sign-ins keep working.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly store: RateLimitStore;
  private readonly fallback = new MemoryRateLimitStore();
  private readonly disabled: boolean;
  private lastOutageWarning = 0;

  constructor({ values }: AppConfig) {
    this.disabled = values.RATE_LIMIT_DISABLED;
    this.store = values.REDIS_URL ? new RedisRateLimitStore(values.REDIS_URL) : this.fallback;
  }

  /** Counts one hit against every rule; throws 429 rate_limited with Retry-After when one is over. */
  async enforce(...rules: RateLimitRule[]): Promise<void> {
    if (this.disabled) return;
    let retryAfterMs = 0;
    for (const rule of rules) {
      const { count, resetInMs } = await this.hit(rule);
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
    await this.fallback.close();
  }

  private async hit(rule: RateLimitRule) {
    const windowMs = rule.windowSeconds * 1000;
    try {
      return await this.store.hit(rule.key, windowMs);
    } catch (error) {
      if (Date.now() - this.lastOutageWarning > OUTAGE_WARNING_INTERVAL_MS) {
        this.lastOutageWarning = Date.now();
        this.logger.warn(
          `Rate-limit store unavailable (${(error as Error).message}); counting in process`,
        );
      }
      return this.fallback.hit(rule.key, windowMs);
    }
  }
}
