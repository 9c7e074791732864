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
    if (retryAfterMs > 0) throw rateLimited(retryAfterMs);
  }

  /**
   * Counts one hit against every rule before the outcome is known (so that concurrent attempts
   * cannot all pass a check made before any of them is counted). When one is over its limit,
   * the hits are taken back and 429 rate_limited is thrown. Give the hits back with `release`
   * once the outcome should not count (a successful login).
   */
  async reserve(...rules: RateLimitRule[]): Promise<void> {
    const retryAfterMs = await this.take(rules);
    if (retryAfterMs > 0) throw rateLimited(retryAfterMs);
  }

  /**
   * `reserve` for a limit whose refusal must not show: true when the hits were counted, false
   * (and nothing counted) when one rule is over its limit. The caller then quietly does less,
   * e.g. sends no mail while still answering as usual.
   */
  async allow(...rules: RateLimitRule[]): Promise<boolean> {
    return (await this.take(rules)) === 0;
  }

  /** Takes back one hit of each rule (see `reserve`). */
  async release(...rules: RateLimitRule[]): Promise<void> {
    if (this.disabled) return;
    await Promise.all(rules.map((rule) => this.hit(rule, -1)));
  }

  /** The rule's count in its current window, without counting anything (0 when disabled). */
  async count(rule: Pick<RateLimitRule, 'key' | 'windowSeconds'>): Promise<number> {
    if (this.disabled) return 0;
    return (await this.hit(rule, 0)).count;
  }

  /** Counts one hit, whatever the limit: a fact to remember for the window. */
  async record(rule: Pick<RateLimitRule, 'key' | 'windowSeconds'>): Promise<void> {
    if (this.disabled) return;
    await this.hit(rule);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.fallback.close();
  }

  /**
   * Counts one hit per rule: 0 when every rule is within its limit, otherwise the hits are taken
   * back and the answer is the wait in ms (at least 1) until the last refusing window ends.
   */
  private async take(rules: RateLimitRule[]): Promise<number> {
    if (this.disabled) return 0;
    const counts = await Promise.all(rules.map((rule) => this.hit(rule)));
    const over = counts.map(({ count }, i) => count > rules[i].limit);
    if (!over.includes(true)) return 0;
    await this.release(...rules);
    return Math.max(1, ...counts.map(({ resetInMs }, i) => (over[i] ? resetInMs : 0)));
  }

  private async hit(rule: Pick<RateLimitRule, 'key' | 'windowSeconds'>, amount = 1) {
    const windowMs = rule.windowSeconds * 1000;
    try {
      return await this.store.hit(rule.key, windowMs, amount);
    } catch (error) {
      if (Date.now() - this.lastOutageWarning > OUTAGE_WARNING_INTERVAL_MS) {
        this.lastOutageWarning = Date.now();
        this.logger.warn(
          `Rate-limit store unavailable (${(error as Error).message}); counting in process`,
        );
      }
      return this.fallback.hit(rule.key, windowMs, amount);
    }
  }
}

function rateLimited(retryAfterMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError('rate_limited', `Too many requests; retry in ${seconds} s`, undefined, {
    'Retry-After': String(seconds),
  });
}
