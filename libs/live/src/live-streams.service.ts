import {
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import { ArticleFeed, READ_BATCH } from './article-feed';
import type { ReplayView } from './live-event';
import { LiveStream, EventSink } from './live-stream';
import { LiveTransport } from './live-transport';

/** How long a reader turned away (MAX_STREAMS, shutdown) is asked to wait. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The open streams of this instance, by article: MAX_STREAMS of them at most, a ping to each
 * every LIVE_PING_SECONDS (one timer for all), one feed per article with streams, and every
 * stream ended when the instance stops.
 */
@Injectable()
export class LiveStreams implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(LiveStreams.name);
  private readonly feeds = new Map<string, ArticleFeed>();
  private readonly streams = new Set<LiveStream>();
  private reserved = 0;
  private closing = false;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly transport: LiveTransport,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.transport.watch((articleId) => {
      if (articleId === null) for (const feed of this.feeds.values()) feed.wake();
      else this.feeds.get(articleId)?.wake();
    });
    this.pinger = setInterval(() => {
      for (const stream of this.streams) stream.ping();
    }, this.config.values.LIVE_PING_SECONDS * 1000);
    this.pinger.unref();
  }

  /** Streams open on this instance. */
  get size(): number {
    return this.reserved;
  }

  /**
   * Takes a place for a stream (503 service_unavailable beyond MAX_STREAMS, or while stopping);
   * call `start` with it once the response's headers are out.
   */
  reserve(): { release: () => void } {
    if (this.closing) throw unavailable('This instance is shutting down; reconnect to another');
    if (this.reserved >= this.config.values.MAX_STREAMS)
      throw unavailable('Too many live streams on this instance; try again shortly');
    this.reserved += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.reserved -= 1;
      },
    };
  }

  /**
   * Starts a stream on `sink` for the article, after `lastEventId` (a resumption) or from now
   * (then its first event is `count` with `initial()`'s data). A resumption sends the history
   * through `replay`, which shows it as it is now (the stored events are what was published then).
   * A Last-Event-ID older than the history, ahead of it, or of another deployment's form, starts
   * from now with a `reset` event instead: the reader reloads its list. `onClose` runs once the
   * stream has ended, whyever.
   */
  async start(
    articleId: string,
    lastEventId: string | null,
    sink: EventSink,
    initial: () => Promise<unknown>,
    replay: ReplayView,
    onClose: () => void,
  ): Promise<LiveStream> {
    const feed = await this.feedFor(articleId);
    const stream = new LiveStream(
      articleId,
      sink,
      this.config.values.LIVE_MAX_BUFFER_BYTES,
      lastEventId ?? feed.cursor,
      (closed) => this.forget(closed, onClose),
    );
    // From here on the feed offers every new event: held until the start is sent.
    feed.streams.add(stream);
    this.streams.add(stream);
    if (this.closing) stream.end();
    try {
      if (lastEventId === null) stream.sendPosition('count', await initial());
      else await this.resume(stream, feed, lastEventId, replay);
      stream.goLive();
    } catch (error) {
      stream.end();
      throw error;
    }
    return stream;
  }

  /** Wakes the article's feed on this instance (after this instance published). */
  wake(articleId: string): void {
    this.feeds.get(articleId)?.wake();
  }

  /** Ends every stream and takes no more (before the HTTP server closes). */
  closeAll(): void {
    this.closing = true;
    for (const stream of [...this.streams]) stream.end();
  }

  onModuleDestroy(): void {
    this.closeAll();
    clearInterval(this.pinger);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const feed of this.feeds.values()) feed.stop();
    await this.transport.close().catch(() => undefined);
  }

  private async resume(
    stream: LiveStream,
    feed: ArticleFeed,
    lastEventId: string,
    replay: ReplayView,
  ): Promise<void> {
    const { articleId } = stream;
    if (
      !this.transport.ownsId(lastEventId) ||
      (await this.transport.lostAfter(articleId, lastEventId))
    ) {
      // Everything the feed offered so far is in the state the reader reloads.
      stream.lastId = feed.cursor;
      stream.sendPosition('reset', {});
      return;
    }
    for (;;) {
      const events = await this.transport.readAfter(articleId, stream.lastId, READ_BATCH);
      if (events.length === 0) return;
      for (const event of await replay(articleId, events)) stream.send(event);
      // Past the events the view left out too: the next read starts after them, and the feed's
      // copies of them (held meanwhile, as published) are not sent either.
      stream.lastId = events[events.length - 1].id;
      if (events.length < READ_BATCH || stream.isClosed) return;
    }
  }

  private async feedFor(articleId: string): Promise<ArticleFeed> {
    let feed = this.feeds.get(articleId);
    if (!feed) {
      feed = new ArticleFeed(articleId, this.transport, this.logger);
      this.feeds.set(articleId, feed);
    }
    try {
      await feed.ready;
    } catch (error) {
      if (this.feeds.get(articleId) === feed && feed.streams.size === 0)
        this.feeds.delete(articleId);
      throw error;
    }
    return feed;
  }

  private forget(stream: LiveStream, onClose: () => void): void {
    this.streams.delete(stream);
    const feed = this.feeds.get(stream.articleId);
    if (feed) {
      feed.streams.delete(stream);
      if (feed.streams.size === 0) {
        feed.stop();
        this.feeds.delete(stream.articleId);
      }
    }
    onClose();
  }
}

function unavailable(message: string): DomainError {
  return new DomainError('service_unavailable', message, undefined, {
    'Retry-After': RETRY_AFTER_SECONDS,
  });
}
