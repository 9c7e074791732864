import { Logger } from '@nestjs/common';
import { formatEvent, LiveStream } from './live-stream';
import type { LiveTransport } from './live-transport';

/** Events one read of the history takes at most. */
export const READ_BATCH = 500;
const RETRY_MS = 1_000;
/**
 * A feed with many streams waits this long per STREAMS_PER_WAIT_MS of them (at most
 * MAX_WAIT_MS) before it reads, so that events close together go out in one write per stream:
 * writes, not bytes, are what costs (5,000 streams at 50 posts/s would be 250,000 writes a
 * second one event at a time). A handful of streams gets each event at once. Measured (bench s7,
 * 5,000 streams, 50 posts/s, p99 delivery): a 100 ms ceiling ~250–280 ms, 50 ms 207–260 ms,
 * 20 ms 150–180 ms (three runs), 10 ms 216 ms and no wait 258 ms (more writes, each of fewer
 * events, on a 2-core host that also runs the readers).
 */
const STREAMS_PER_WAIT_MS = 50;
const MAX_WAIT_MS = 20;

/**
 * An article's new events on one instance: one reader of the history per article (not per
 * stream), woken by the transport's announcements. It reads what came after the last event it
 * saw, in id order, and offers each event to the article's streams. Announcements only wake it,
 * so one lost, late or out of order costs nothing but latency.
 */
export class ArticleFeed {
  readonly streams = new Set<LiveStream>();
  /** The id of the last event offered to the streams. */
  cursor = '0';
  readonly ready: Promise<void>;
  private reading = false;
  private again = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    readonly articleId: string,
    private readonly transport: LiveTransport,
    private readonly logger: Logger,
  ) {
    this.ready = transport.latestId(articleId).then((id) => {
      this.cursor = id;
    });
  }

  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    const waitMs = Math.min(MAX_WAIT_MS, Math.floor(this.streams.size / STREAMS_PER_WAIT_MS));
    const read = () =>
      void this.read().finally(() => {
        this.reading = false;
      });
    if (waitMs === 0) read();
    else setTimeout(read, waitMs).unref();
  }

  stop(): void {
    clearTimeout(this.retry);
  }

  private async read(): Promise<void> {
    try {
      await this.ready;
      do {
        this.again = false;
        for (;;) {
          const events = await this.transport.readAfter(this.articleId, this.cursor, READ_BATCH);
          if (events.length > 0) {
            this.cursor = events[events.length - 1].id;
            // Encoded once here, not once per stream by each write.
            const bytes = Buffer.from(events.map(formatEvent).join(''));
            for (const stream of this.streams) stream.offerAll(events, bytes);
          }
          if (events.length < READ_BATCH) break;
        }
      } while (this.again && this.streams.size > 0);
    } catch (error) {
      this.logger.warn(
        { articleId: this.articleId, err: error instanceof Error ? error.message : String(error) },
        'Live history unreadable; trying again',
      );
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.wake(), RETRY_MS);
      this.retry.unref();
    }
  }
}
