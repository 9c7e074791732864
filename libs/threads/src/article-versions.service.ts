import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { closeRedisClient, createRedisClient } from '@parley/rate-limit';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

/** The banned-word list's version lives here too, under a key no article id can take. */
export const BANNED_WORDS_VERSION = '#banned-words';
/** And the site posting policy's. */
export const SITE_POLICY_VERSION = '#site-policy';
/** And the pre-moderated users'. */
export const PREMODERATED_USERS_VERSION = '#premoderated-users';

const REDIS_PREFIX = 'parley:thread-version:';
/** Part of every version: raising it makes every cached page of every instance a miss. */
const GENERATION_KEY = 'parley:thread-versions-generation';

/**
 * A counter per article, bumped after every committed change that can alter what anonymous
 * readers see of it (its lists, its counts). Cached pages remember the version they were built
 * at, so a bump makes them misses at once. In process without REDIS_URL; in Redis with it, so
 * that a change on one instance invalidates the pages of every instance.
 *
 * A bump that cannot reach Redis is lost, and Redis would come back with the version a page was
 * cached at before the change. So a lost bump is remembered, and once Redis answers again (its
 * `ready`, or the next read) the shared generation is raised before any version is trusted: every
 * page cached before the outage, on every instance, is then a miss. Until that has succeeded,
 * this instance serves uncached. (A version read is one MGET of the generation and the article.)
 * Versions are also the ETags of anonymous reads (see the API's AnonymousHttpCache).
 */
@Injectable()
export class ArticleVersions implements OnApplicationShutdown {
  private readonly logger = new Logger(ArticleVersions.name);
  private readonly local = new Map<string, number>();
  /**
   * Part of every in-process version: versions are HTTP ETags too (a reader's browser or a CDN
   * keeps them), so a restarted instance, whose counters start again at 0, or another instance
   * must never give the same version to other content.
   */
  private readonly epoch = randomUUID().slice(0, 8);
  private readonly redis: Redis | null;
  /** Bumps lost so far, and how many of them a generation raise has covered. */
  private lost = 0;
  private resynced = 0;

  constructor({ values }: AppConfig) {
    this.redis = values.REDIS_URL ? createRedisClient(values.REDIS_URL, 'article-versions') : null;
    this.redis?.on('ready', () => void this.resync().catch(() => undefined));
  }

  /** The article's current version, or null when it cannot be known (Redis unreachable). */
  async current(articleId: string): Promise<string | null> {
    if (!this.redis) return `${this.epoch}.${this.local.get(articleId) ?? 0}`;
    try {
      await this.resync();
      const [generation, version] = await this.redis.mget(GENERATION_KEY, REDIS_PREFIX + articleId);
      if (generation !== null) return `${generation}.${version ?? 0}`;
      // A new or emptied Redis, whose counters start again at 0: a generation from the clock keeps
      // its versions (ETags included) from repeating those given before. Uncached meanwhile.
      await this.redis.set(GENERATION_KEY, Date.now(), 'NX');
      return null;
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
      // The change itself is committed. Other instances catch up within CACHE_TTL_MS, or as soon
      // as this one reaches Redis again (resync).
      this.lost += 1;
      this.logger.warn(
        { err: errorMessage(error), articles: ids.length },
        'Article version bump failed',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }

  /** Raises the generation if bumps were lost since the last raise; throws while Redis is away. */
  private async resync(): Promise<void> {
    const lost = this.lost;
    if (!this.redis || lost === this.resynced) return;
    await this.redis.incr(GENERATION_KEY);
    this.resynced = Math.max(this.resynced, lost);
    this.logger.log({ lostBumps: lost }, 'Article versions re-synced after lost bumps');
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
