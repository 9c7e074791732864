import { KeyedBatches } from '@parley/database';
import { compareIds, isCounterId } from './event-ids';
import type { LiveEvent, NewLiveEvent } from './live-event';
import { LiveEventStore } from './live-event.store';
import { LiveTransport } from './live-transport';

/**
 * The history in PostgreSQL (LiveEventStore) and the announcement by NOTIFY, which every
 * instance LISTENs to on a session connection of its own (DATABASE_DIRECT_URL when set: a
 * transaction-mode pooler cannot hold a LISTEN). On the embedded server (`listen` false: it only
 * ever serves this one process) the announcement stays in process.
 */
export class PostgresLiveTransport extends LiveTransport {
  private listener: { close: () => Promise<void> } | null = null;
  private localWake: ((articleId: string | null) => void) | null = null;
  /**
   * An article's appends take its counter row's lock one after another anyway: here they wait
   * in process instead of on the lock (holding a connection each), and those that arrive while
   * one is in flight go together in the next statement. A breaking story's posts and likes
   * then cost fewer statements the faster they come; a lone event still goes at once.
   */
  private readonly appends = new KeyedBatches<NewLiveEvent>(async (articleId, events) => {
    await this.store.append(articleId, events, this.listen);
    if (!this.listen) this.localWake?.(articleId);
  });

  constructor(
    private readonly store: LiveEventStore,
    private readonly listen: boolean,
  ) {
    super();
  }

  async append(articleId: string, events: NewLiveEvent[]): Promise<void> {
    if (events.length > 0) await this.appends.add(articleId, events);
  }

  ownsId(id: string): boolean {
    return isCounterId(id);
  }

  readAfter(articleId: string, afterId: string, limit: number): Promise<LiveEvent[]> {
    return this.store.readAfter(articleId, afterId, limit);
  }

  async latestId(articleId: string): Promise<string> {
    return (await this.store.bounds(articleId)).last;
  }

  async lostAfter(articleId: string, afterId: string): Promise<boolean> {
    const { last, first } = await this.store.bounds(articleId);
    // Past the last id: ids given before a crash that lost the newest events (they are
    // committed without waiting for the flush) and are given again to other events.
    if (compareIds(afterId, last) > 0) return true;
    if (compareIds(afterId, last) === 0) return false;
    // Something came after afterId: lost unless its successor is still kept.
    return first === null || compareIds(afterId, (BigInt(first) - 1n).toString()) < 0;
  }

  async watch(wake: (articleId: string | null) => void): Promise<void> {
    if (!this.listen) {
      this.localWake = wake;
      return;
    }
    this.listener = await this.store.listen(wake, () => wake(null));
  }

  async close(): Promise<void> {
    this.localWake = null;
    await this.listener?.close();
  }
}
