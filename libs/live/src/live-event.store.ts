import { Injectable } from '@nestjs/common';
import { limitLiteral, Prisma, SqlClient } from '@parley/database';
import { START_ID } from './event-ids';
import type { LiveEvent, NewLiveEvent } from './live-event';

/** The NOTIFY channel that announces an article's new events (payload: the article id). */
export const LIVE_CHANNEL = 'parley_live';

/**
 * The one class that reads and writes `live_sequences` and `live_events`: each article's event
 * history, for resumption, when Redis is not configured.
 *
 * Ids are taken from the article's counter row after the change that caused the events has
 * committed, in a statement of its own: the row's lock makes a second append wait until the
 * first has committed, so ids become visible in their order (a reader never sees n+1 while n is
 * still uncommitted, as a sequence taken inside concurrent transactions allows). The NOTIFY is
 * sent by the same statement; PostgreSQL delivers it only on commit.
 */
@Injectable()
export class LiveEventStore {
  constructor(private readonly sql: SqlClient) {}

  /** On the embedded server only this process is ever served: no LISTEN needed. */
  get embedded(): boolean {
    return this.sql.embedded;
  }

  /**
   * Stores the events with the next ids of the article; `notify` announces them to LISTENers.
   * One statement (its own transaction), committed without waiting for its WAL flush
   * (synchronous_commit off for this transaction alone): the counter row is locked until the
   * commit, and a flush per event would queue a hot article's events one disk flush apart (posts
   * to a breaking story at a few hundred a second). A crash can then lose the last fraction of a
   * second of events; the comments themselves are committed durably, and a stream resuming from
   * a lost id gets `reset` (see PostgresLiveTransport.lostAfter).
   */
  async append(articleId: string, events: NewLiveEvent[], notify: boolean): Promise<void> {
    if (events.length === 0) return;
    const announce = notify
      ? Prisma.sql`pg_notify(${LIVE_CHANNEL}, ${articleId})`
      : Prisma.sql`NULL`;
    // Prepared (per shape): every change with an event runs it.
    await this.sql.queryPrepared(
      'parley_live_append',
      Prisma.sql`
      WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS setting),
      counter AS (
        INSERT INTO live_sequences (article_id, last_seq) VALUES (${articleId}, ${events.length})
        ON CONFLICT (article_id) DO UPDATE SET last_seq = live_sequences.last_seq + EXCLUDED.last_seq
        RETURNING last_seq
      ), stored AS (
        INSERT INTO live_events (article_id, seq, event, data)
        SELECT ${articleId}, counter.last_seq - ${events.length} + e.n, e.event, e.data
        FROM counter, unnest(${events.map((e) => e.event)}::text[], ${events.map((e) => JSON.stringify(e.data))}::text[])
          WITH ORDINALITY AS e(event, data, n)
        RETURNING 1
      )
      SELECT ${announce} AS "announced", (SELECT count(*) FROM stored)::int AS "stored",
        (SELECT setting FROM async_commit) AS "commit"`,
    );
  }

  /** The article's events after `afterSeq`, oldest first. */
  readAfter(articleId: string, afterSeq: string, limit: number): Promise<LiveEvent[]> {
    return this.sql.queryPrepared<LiveEvent>(
      'parley_live_read',
      Prisma.sql`
      SELECT seq::text AS "id", event, data FROM live_events
      WHERE article_id = ${articleId} AND seq > ${afterSeq}::bigint
      ORDER BY seq ${limitLiteral(limit)}`,
    );
  }

  /** The last id given to the article's events, and the first still kept (null: none kept). */
  async bounds(articleId: string): Promise<{ last: string; first: string | null }> {
    const [row] = await this.sql.query<{ last: string; first: string | null }>(Prisma.sql`
      SELECT s.last_seq::text AS "last",
        (SELECT min(seq)::text FROM live_events e WHERE e.article_id = s.article_id) AS "first"
      FROM live_sequences s WHERE s.article_id = ${articleId}`);
    return row ?? { last: START_ID, first: null };
  }

  /** LISTENs for announcements on a session connection of its own (see SqlClient.listen). */
  listen(
    onArticle: (articleId: string) => void,
    onReconnect: () => void,
  ): Promise<{ close: () => Promise<void> }> {
    return this.sql.listen(LIVE_CHANNEL, onArticle, onReconnect);
  }

  /** Deletes up to `limit` events stored before `cutoff`; returns how many. */
  purgeBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(Prisma.sql`
      DELETE FROM live_events WHERE ctid IN (
        SELECT ctid FROM live_events WHERE created_at < ${cutoff} LIMIT ${limit})`);
  }
}
