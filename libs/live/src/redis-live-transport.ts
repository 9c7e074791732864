import type Redis from 'ioredis';
import { closeRedisClient, createRedisClient } from '@parley/rate-limit';
import { compareIds, START_ID } from './event-ids';
import type { LiveEvent, NewLiveEvent } from './live-event';
import { LiveTransport } from './live-transport';

const STREAM_PREFIX = 'parley:live:';
export const CHANNEL = 'parley:live';
/** A hard bound on one article's history whatever its rate (trimmed approximately). */
export const MAX_HISTORY_EVENTS = 100_000;

/**
 * A Redis stream per article: XADD gives each event its id (`<ms>-<n>`, increasing in the order
 * Redis appends, whichever instance appends), keeps it (trimmed by age with MINID and by length),
 * and a PUBLISH of the article id wakes the instances, which then read the stream from where
 * they were. A lost announcement (pub/sub is at most once) costs only latency: a reconnection
 * makes every article read again. The key expires when an article has been quiet for twice the
 * history period.
 */
export class RedisLiveTransport extends LiveTransport {
  private readonly redis: Redis;
  private subscriber: Redis | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly historySeconds: number,
  ) {
    super();
    this.redis = createRedisClient(url, 'live');
  }

  async append(articleId: string, events: NewLiveEvent[]): Promise<void> {
    const key = STREAM_PREFIX + articleId;
    const oldest = `${Date.now() - this.historySeconds * 1000}-0`;
    const pipeline = this.redis.pipeline();
    for (const { event, data } of events) {
      pipeline.call('XADD', key, 'MINID', '~', oldest, '*', 'e', event, 'd', JSON.stringify(data));
    }
    pipeline.call('XTRIM', key, 'MAXLEN', '~', String(MAX_HISTORY_EVENTS));
    pipeline.expire(key, this.historySeconds * 2);
    pipeline.publish(CHANNEL, articleId);
    const failed = (await pipeline.exec())?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  ownsId(): boolean {
    // A bare number is a stream id too (`<ms>` is `<ms>-0`), so every valid id is one.
    return true;
  }

  async readAfter(articleId: string, afterId: string, limit: number): Promise<LiveEvent[]> {
    const entries = (await this.redis.call(
      'XRANGE',
      STREAM_PREFIX + articleId,
      `(${afterId}`,
      '+',
      'COUNT',
      String(limit),
    )) as [string, string[]][];
    return entries.map(([id, fields]) => ({
      id,
      event: field(fields, 'e'),
      data: field(fields, 'd'),
    }));
  }

  async latestId(articleId: string): Promise<string> {
    const info = await this.info(articleId);
    return info?.get('last-generated-id') ?? START_ID;
  }

  async lostAfter(articleId: string, afterId: string): Promise<boolean> {
    const info = await this.info(articleId);
    // No stream: nothing ever happened, or it all expired (then anything after afterId is gone).
    if (!info) return compareIds(afterId, START_ID) > 0;
    // Past the last id (made up, or given by another Redis): no event had it, and the stream
    // would skip every event up to it.
    if (compareIds(afterId, info.get('last-generated-id') ?? START_ID) > 0) return true;
    const deleted = info.get('max-deleted-entry-id') ?? START_ID;
    return compareIds(afterId, deleted) < 0;
  }

  async watch(wake: (articleId: string | null) => void): Promise<void> {
    const subscriber = createRedisClient(this.url, 'live-subscriber', { subscriber: true });
    this.subscriber = subscriber;
    let subscribed = false;
    subscriber.on('message', (_channel: string, articleId: string) => wake(articleId));
    // A reconnection is a new connection, subscribed to nothing: subscribe again, then have every
    // article read again, since what was published meanwhile is lost.
    subscriber.on('ready', () => {
      if (!subscribed) return;
      void this.subscribeAgain(subscriber).then(() => {
        if (!this.closed) wake(null);
      });
    });
    // Start-up never fails on a slow or absent Redis: the first attempt is awaited, and until one
    // succeeds the instance keeps trying in the background (its streams then wake on their own
    // polls and on its own posts only).
    if (await this.subscribe(subscriber)) subscribed = true;
    else void this.subscribeUntilDone(subscriber).then(() => (subscribed = true));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.subscriber) await closeRedisClient(this.subscriber);
    await closeRedisClient(this.redis);
  }

  private async subscribe(subscriber: Redis): Promise<boolean> {
    try {
      await subscriber.subscribe(CHANNEL);
      return true;
    } catch {
      return false; // the client logs Redis being unavailable, once per interval
    }
  }

  private async subscribeAgain(subscriber: Redis): Promise<void> {
    if (!(await this.subscribe(subscriber))) await this.subscribeUntilDone(subscriber);
  }

  private async subscribeUntilDone(subscriber: Redis): Promise<void> {
    for (let attempt = 1; !this.closed; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 200, 2_000)).unref());
      if (!this.closed && (await this.subscribe(subscriber))) return;
    }
  }

  /** XINFO STREAM as a map of its plain fields; null when the stream does not exist. */
  private async info(articleId: string): Promise<Map<string, string> | null> {
    try {
      const reply = (await this.redis.call(
        'XINFO',
        'STREAM',
        STREAM_PREFIX + articleId,
      )) as unknown[];
      const fields = new Map<string, string>();
      for (let i = 0; i + 1 < reply.length; i += 2) {
        if (typeof reply[i + 1] === 'string') fields.set(String(reply[i]), reply[i + 1] as string);
      }
      return fields;
    } catch (error) {
      if (error instanceof Error && /no such key/i.test(error.message)) return null;
      throw error;
    }
  }
}

function field(fields: string[], name: string): string {
  const at = fields.indexOf(name);
  return at >= 0 && at % 2 === 0 ? fields[at + 1] : '';
}
