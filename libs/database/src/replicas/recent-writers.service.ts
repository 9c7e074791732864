import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { closeRedisClient, createRedisClient } from '@parley/rate-limit';
import type Redis from 'ioredis';

const REDIS_PREFIX = 'parley:wrote-recently:';
/** Bounds the in-process map whatever the number of writers within one window. */
const MAX_LOCAL_WRITERS = 100_000;

/**
 * Who wrote within the last REPLICA_READ_YOUR_WRITES_SECONDS (read-your-writes): a key with that
 * expiry in Redis when REDIS_URL is set, so that the instance serving a user's next read knows
 * of a write made on another; always also in process, which is all there is without Redis (then
 * read-your-writes holds per instance only: several instances need REDIS_URL, as for the rest).
 * When Redis cannot answer, a signed-in reader counts as a recent writer: the primary serves.
 */
@Injectable()
export class RecentWriters implements OnApplicationShutdown {
  private readonly windowMs: number;
  private readonly local = new Map<string, number>();
  private readonly redis: Redis | null;

  constructor({ values }: AppConfig) {
    this.windowMs = values.REPLICA_READ_YOUR_WRITES_SECONDS * 1000;
    // Only with replicas: without them nothing asks, and no connection is opened.
    this.redis =
      values.REDIS_URL && values.DATABASE_REPLICA_URLS.length > 0
        ? createRedisClient(values.REDIS_URL, 'read-your-writes')
        : null;
  }

  /** Records the user's write; resolves once other instances can know of it (or Redis failed). */
  async note(userId: string): Promise<void> {
    const now = Date.now();
    this.local.delete(userId);
    this.local.set(userId, now + this.windowMs);
    // Entries share one window, so insertion order is expiry order: the oldest go first.
    for (const [id, until] of this.local) {
      if (until > now && this.local.size <= MAX_LOCAL_WRITERS) break;
      this.local.delete(id);
    }
    await this.redis?.set(REDIS_PREFIX + userId, '1', 'PX', this.windowMs).catch(() => undefined);
  }

  async wroteRecently(userId: string): Promise<boolean> {
    if ((this.local.get(userId) ?? 0) > Date.now()) return true;
    if (!this.redis) return false;
    try {
      return (await this.redis.exists(REDIS_PREFIX + userId)) === 1;
    } catch {
      return true;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}
