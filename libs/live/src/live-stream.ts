import { compareIds } from './event-ids';
import type { LiveEvent } from './live-event';

/** What a stream writes to: an HTTP response (its unsent bytes are `writableLength`). */
export interface EventSink {
  readonly writableLength: number;
  write(chunk: string | Uint8Array): boolean;
  end(): void;
  destroy(): void;
}

/** Events a stream holds while it catches up from the history; beyond, it is closed. */
export const MAX_HELD_EVENTS = 10_000;

/**
 * One reader's event stream. It sends each event once, in id order, and remembers the last id
 * sent: the article's feed offers every new event, and while the stream catches up from the
 * history (a resumption) those are held, then sent after the history without repeating any.
 * A reader that does not take its bytes is cut off once `maxBufferBytes` are waiting: it
 * reconnects with Last-Event-ID and loses nothing, while the process's memory stays bounded.
 */
export class LiveStream {
  private catchingUp = true;
  private held: LiveEvent[] = [];
  private closed = false;

  constructor(
    readonly articleId: string,
    private readonly sink: EventSink,
    private readonly maxBufferBytes: number,
    /** The last id the reader has: events up to it are never sent. */
    public lastId: string,
    private readonly onClose: (stream: LiveStream) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** A new event from the feed (in id order). */
  offer(event: LiveEvent): void {
    this.offerAll([event], formatEvent(event));
  }

  /**
   * New events from the feed, in id order, with their SSE bytes (formatted and encoded once for
   * every stream of the article): one write for the batch when the stream is live and behind all
   * of them.
   */
  offerAll(events: LiveEvent[], bytes: string | Uint8Array): void {
    if (this.closed || events.length === 0) return;
    if (this.catchingUp) {
      if (this.held.length + events.length > MAX_HELD_EVENTS) return this.cutOff();
      this.held.push(...events);
      return;
    }
    if (compareIds(events[0].id, this.lastId) <= 0) {
      for (const event of events) this.send(event);
      return;
    }
    this.lastId = events[events.length - 1].id;
    this.write(bytes);
  }

  /** An event of the history or the feed: sent when it comes after the last one sent. */
  send(event: LiveEvent): void {
    if (this.closed || compareIds(event.id, this.lastId) <= 0) return;
    this.lastId = event.id;
    this.write(formatEvent(event));
  }

  /**
   * The first event of a stream, at the position it starts from (`lastId`): the state then (the
   * comment count) or a reset, so that the reader has an id to resume from even before any
   * change happens.
   */
  sendPosition(event: string, data: unknown): void {
    this.write(formatEvent({ id: this.lastId, event, data: JSON.stringify(data) }));
  }

  /** The history has been sent: what the feed offered meanwhile follows, then events as they come. */
  goLive(): void {
    this.catchingUp = false;
    const held = this.held;
    this.held = [];
    for (const event of held) this.send(event);
  }

  ping(): void {
    this.write(': ping\n\n');
  }

  /** Ends the response cleanly (shutdown): the reader reconnects elsewhere. */
  end(): void {
    if (this.closed) return;
    this.sink.end();
    this.release();
  }

  /** The connection went away. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = [];
    this.onClose(this);
  }

  private write(chunk: string | Uint8Array): void {
    if (this.closed) return;
    if (this.sink.writableLength > this.maxBufferBytes) return this.cutOff();
    this.sink.write(chunk);
  }

  /** A reader too slow for its buffer: dropped at once (ending would wait for it to read). */
  private cutOff(): void {
    this.sink.destroy();
    this.release();
  }
}

/** An SSE event: `id`, `event` and one `data` line (JSON has no raw line breaks). */
export function formatEvent(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${event.data}\n\n`;
}
