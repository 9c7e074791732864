import type { LiveEvent, NewLiveEvent } from './live-event';

/**
 * Where an article's events get their ids, are kept for resumption and are announced to every
 * instance: Redis (a stream per article, pub/sub) or PostgreSQL (a table, LISTEN/NOTIFY; on the
 * embedded server, which serves one process only, the announcement stays in process).
 */
export abstract class LiveTransport {
  /** Gives the events their ids in one ordered place, keeps them, and wakes every instance. */
  abstract append(articleId: string, events: NewLiveEvent[]): Promise<void>;

  /** Whether `id` (a valid event id) is of this transport's form. */
  abstract ownsId(id: string): boolean;

  /** Kept events after `afterId`, oldest first, at most `limit`. */
  abstract readAfter(articleId: string, afterId: string, limit: number): Promise<LiveEvent[]>;

  /** The id of the article's latest event (START_ID when it has none). */
  abstract latestId(articleId: string): Promise<string>;

  /**
   * True when resuming after `afterId` would lose events: some after it have been dropped from
   * the history, or it is past the last id given (the stream would skip the next events).
   */
  abstract lostAfter(articleId: string, afterId: string): Promise<boolean>;

  /**
   * Calls `wake(articleId)` when an article has new events, from any instance, and `wake(null)`
   * when announcements may have been missed (a reconnection): every article then reads again.
   */
  abstract watch(wake: (articleId: string | null) => void): Promise<void>;

  abstract close(): Promise<void>;
}
