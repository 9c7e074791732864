import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import Redis from 'ioredis';

/** The banned-word list's version lives here too, under a key no article id can take. */
export const BANNED_WORDS_VERSION = '#banned-words';

const REDIS_PREFIX = 'parley:thread-version:';
// A version read waits at most this long for Redis; past it the reader skips the cache.
const REDIS_COMMAND_TIMEOUT_MS = 250;

/**
 * A counter per article, bumped after every committed change that can alter what anonymous
 * readers see of it (its lists, its counts). Cached pages remember the version they were built
 * at, so a bump makes them misses at once. In process without REDIS_URL; in Redis with it, so
 * that a change on one instance invalidates the pages of every instance.
 */
@Injectable()
export class ArticleVersions implements OnApplicationShutdown {
  private readonly logger = new Logger(ArticleVersions.name);
  private readonly local = new Map<string, number>();
  private readonly redis: Redis | null;

  constructor({ values }: AppConfig) {
    this.redis = values.REDIS_URL
      ? new Redis(values.REDIS_URL, {
          maxRetriesPerRequest: 1,
          commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
          lazyConnect: false,
        })
      : null;
  }

  /** The article's current version, or null when it cannot be known (Redis unreachable). */
  async current(articleId: string): Promise<string | null> {
    if (!this.redis) return String(this.local.get(articleId) ?? 0);
    try {
      return (await this.redis.get(REDIS_PREFIX + articleId)) ?? '0';
    } catch (error) {
      this.logger.warn(
        { err: errorMessage(error) },
        'Article version unreadable; serving uncached',
      );
      return null;
    }
  }

  /** Call after the change has committed: a reader who saw the old version then reloads. */
  async bump(articleIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(articleIds)];
    if (ids.length === 0) return;
    if (!this.redis) {
      for (const id of ids) this.local.set(id, (this.local.get(id) ?? 0) + 1);
      return;
    }
    try {
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.incr(REDIS_PREFIX + id);
      const failed = (await pipeline.exec())?.find(([err]) => err)?.[0];
      if (failed) throw failed;
    } catch (error) {
      // The change itself is committed; other instances catch up within CACHE_TTL_MS.
      this.logger.warn(
        { err: errorMessage(error), articles: ids.length },
        'Article version bump failed',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
