import { Injectable } from '@nestjs/common';
import { limitLiteral, Prisma, SqlClient } from '@parley/database';
import type { ClaimedMessage, NewOutboxMessage, SubjectMessage } from './outbox-message';

/** Anything that can run a statement: the change's transaction, or Prisma outside one. */
export type OutboxDb = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

const LAST_ERROR_MAX = 500;

/**
 * The one class that reads and writes `outbox_messages`. A message is inserted in the
 * transaction of the change that causes it, so it exists exactly when the change committed.
 * Workers claim due rows with `FOR UPDATE SKIP LOCKED` and a lease (next_attempt_at moves past
 * the handling time, claimed_by names the worker), so two workers never hold the same row, no
 * transaction stays open while a message is delivered (which the one-session embedded database
 * could not afford), and a worker that dies mid-delivery leaves its rows due again once the lease
 * ends: at least once, and once per claim.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Queues a message on `db` (pass the change's transaction client). With a dedupe key, a message
   * whose key is still waiting unclaimed is kept and this one dropped (it folds into that one);
   * `spacingSeconds` keeps it at least that long after the key's previous delivery.
   *
   * Folding locks the waiting message until `db`'s transaction ends (DO UPDATE … WHERE false
   * locks without writing), and claims skip locked rows: a worker cannot take the message before
   * the change that folded into it is visible, so the handler always sees that change. Once a
   * worker has claimed the message, the key is free again and this one is queued after it.
   *
   * Returns how long (in ms, by the database's clock) before a worker may claim the message that
   * now carries this one: the new message, or the waiting one it folded into (null when that one
   * was claimed meanwhile). Negative when it is due already.
   */
  async enqueue(
    db: OutboxDb,
    message: NewOutboxMessage & { spacingSeconds?: number },
  ): Promise<number | null> {
    return delayOf(await db.$queryRaw<{ delayMs: number }[]>(enqueueSql(message)));
  }

  /**
   * enqueue() as a statement of its own, committed alone: for a message whose cause committed
   * already (a change notice), where no transaction needs to hold the folded message's lock.
   */
  async enqueueAlone(
    message: NewOutboxMessage & { spacingSeconds?: number },
  ): Promise<number | null> {
    return delayOf(await this.sql.query<{ delayMs: number }>(enqueueSql(message)));
  }

  /**
   * Queues one copy of the message per subject that `subjects` selects (a statement fragment of
   * the subject's store returning one `id` column), in one INSERT … SELECT on `db`: a webhook
   * event is one statement in the change's transaction, whatever the number of endpoints.
   */
  async enqueueForEach(
    db: OutboxDb,
    message: Omit<NewOutboxMessage, 'dedupeKey' | 'subjectId'>,
    subjects: Prisma.Sql,
  ): Promise<number> {
    return db.$executeRaw(this.enqueueForEachSql(message, subjects, Prisma.sql`TRUE`));
  }

  /**
   * enqueueForEach() as a statement of its own, committed alone: for messages whose cause
   * committed already (one INSERT … SELECT needs no transaction around it).
   */
  async enqueueForEachAlone(
    message: Omit<NewOutboxMessage, 'dedupeKey' | 'subjectId'>,
    subjects: Prisma.Sql,
  ): Promise<void> {
    await this.sql.query(this.enqueueForEachSql(message, subjects, Prisma.sql`TRUE`));
  }

  /**
   * The same INSERT … SELECT as a statement to embed in the change's own statement (a data-
   * modifying CTE), queuing only when `condition` holds there (e.g. the change's row exists).
   */
  enqueueForEachSql(
    message: Omit<NewOutboxMessage, 'dedupeKey' | 'subjectId'>,
    subjects: Prisma.Sql,
    condition: Prisma.Sql,
  ): Prisma.Sql {
    return Prisma.sql`
      INSERT INTO outbox_messages (channel, kind, payload, user_id, subject_id, next_attempt_at)
      SELECT ${message.channel}, ${message.kind}, ${JSON.stringify(message.payload)}::jsonb,
        ${message.userId ?? null}::uuid, subject.id,
        GREATEST(now(), COALESCE(${message.notBefore ?? null}::timestamptz, now()))
      FROM (${subjects}) AS subject WHERE ${condition}`;
  }

  /**
   * A subject's messages of one channel, newest first, `limit` after the position (keyset on
   * created_at, id, served by the (subject_id, created_at, id) index).
   */
  async listOfSubject(
    channel: string,
    subjectId: string,
    limit: number,
    after?: { at: Date; id: string },
  ): Promise<SubjectMessage[]> {
    const position = after
      ? Prisma.sql`AND (created_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    return this.sql.query<SubjectMessage>(Prisma.sql`
      SELECT id::text AS "id", kind, payload, state::text AS "state", attempts,
        last_error AS "lastError", next_attempt_at AS "nextAttemptAt", created_at AS "createdAt"
      FROM outbox_messages
      WHERE subject_id = ${subjectId}::uuid AND channel = ${channel} ${position}
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`);
  }

  /**
   * The subject is gone: its messages go too, waiting ones (never sent) and handled ones (their
   * log belonged to it). One being delivered right now finishes, but its mark finds no row.
   */
  async forgetSubject(db: OutboxDb, subjectId: string): Promise<number> {
    return db.$executeRaw`DELETE FROM outbox_messages WHERE subject_id = ${subjectId}::uuid`;
  }

  /**
   * Claims up to `limit` due messages of these channels for `workerId` until the lease ends.
   * One statement, outside any transaction; `SKIP LOCKED` lets concurrent claims pass each other.
   * With `perSubject`, at most `perSubject.limit` messages of one subject (subject_id) are
   * claimed, counting the `perSubject.busy` ones (this worker's deliveries in progress, by
   * subject): the rows of a subject at its limit are passed over, so a subject whose deliveries
   * hang (a dead webhook endpoint) cannot take the slots of the others. Fewer than `limit` rows
   * may come back while more are due (a subject's surplus among the rows looked at): claim again;
   * none comes back only when no due row is left that this claim could take.
   */
  async claim(
    workerId: string,
    channels: string[],
    limit: number,
    leaseSeconds: number,
    perSubject?: SubjectLimit,
  ): Promise<ClaimedMessage[]> {
    if (channels.length === 0) return [];
    // Prepared, its LIMIT a literal (one per number of free slots, so at most a channel's
    // `parallel`): every instance runs it every poll of every channel, and parsing and planning
    // it took PostgreSQL 77–92 % of its time.
    const due = perSubject
      ? dueWithinSubjectLimit(channels, limit, perSubject)
      : Prisma.sql`
        SELECT id FROM outbox_messages
        WHERE state = 'pending' AND next_attempt_at <= now() AND channel = ANY(${channels}::text[])
        ORDER BY next_attempt_at, id ${limitLiteral(limit)}
        FOR UPDATE SKIP LOCKED`;
    return this.sql.queryPrepared<ClaimedMessage>(
      'parley_outbox_claim',
      Prisma.sql`
      UPDATE outbox_messages m
      SET attempts = m.attempts + 1, claimed_by = ${workerId}::uuid,
        next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
      FROM (${due}) due
      WHERE m.id = due.id
      RETURNING m.id::text AS "id", m.channel, m.kind, m.payload, m.user_id::text AS "userId",
        m.dedupe_key AS "dedupeKey", m.subject_id::text AS "subjectId", m.attempts, m.created_at AS "createdAt", now() AS "claimedAt"`,
    );
  }

  /** Done; false when the lease was lost (another worker holds the message now). */
  async markSent(id: string, workerId: string): Promise<boolean> {
    return this.finish(
      id,
      workerId,
      Prisma.sql`state = 'sent', sent_at = now(), payload = payload - 'secret', last_error = NULL`,
    );
  }

  /** Given up after a permanent failure or the last attempt. */
  async markFailed(id: string, workerId: string, error: string): Promise<boolean> {
    return this.finish(
      id,
      workerId,
      Prisma.sql`state = 'failed', payload = payload - 'secret', last_error = ${truncate(error)}`,
    );
  }

  /** Due again after `delaySeconds`. */
  async retryLater(
    id: string,
    workerId: string,
    error: string,
    delaySeconds: number,
  ): Promise<boolean> {
    return this.finish(
      id,
      workerId,
      Prisma.sql`next_attempt_at = now() + make_interval(secs => ${delaySeconds}), last_error = ${truncate(error)}`,
    );
  }

  /**
   * Erasure: the account's messages go, waiting ones (never sent) and handled ones alike (a
   * mail's payload holds the address it went to).
   */
  async forgetUser(db: OutboxDb, userId: string): Promise<number> {
    return db.$executeRaw`DELETE FROM outbox_messages WHERE user_id = ${userId}::uuid`;
  }

  /**
   * Retention: deletes up to `limit` messages handled (sent or given up) and created before
   * `cutoff`; waiting ones stay. Reply notices a deleted mail took go with it (foreign key).
   */
  purgeFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(Prisma.sql`
      DELETE FROM outbox_messages WHERE id IN (
        SELECT id FROM outbox_messages
        WHERE state <> 'pending' AND created_at < ${cutoff} LIMIT ${limit})`);
  }

  private async finish(id: string, workerId: string, set: Prisma.Sql): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(Prisma.sql`
      UPDATE outbox_messages SET ${set}
      WHERE id = ${id}::uuid AND claimed_by = ${workerId}::uuid AND state = 'pending'
      RETURNING id`);
    return rows.length === 1;
  }
}

/** A claim's limit per subject: see OutboxStore.claim. */
export interface SubjectLimit {
  /** Messages of one subject in progress at once, those of `busy` included. */
  limit: number;
  /** The claiming worker's deliveries in progress, by subject id. */
  busy: ReadonlyMap<string, number>;
}

/**
 * The due rows a claim takes under a limit per subject. The innermost query locks up to `limit`
 * due rows in the usual order, passing over the subjects at their limit already; the outer one
 * keeps, of each subject's rows, only as many as the subject has room for (a window function,
 * which cannot share a query level with FOR UPDATE). Rows without a subject are not limited.
 */
function dueWithinSubjectLimit(
  channels: string[],
  limit: number,
  { limit: perSubject, busy }: SubjectLimit,
): Prisma.Sql {
  const busyIds = [...busy.keys()];
  const busyCounts = busyIds.map((id) => busy.get(id) ?? 0);
  return Prisma.sql`
    WITH busy AS (
      SELECT * FROM unnest(${busyIds}::uuid[], ${busyCounts}::int[]) AS busy(subject_id, n)
    )
    SELECT ranked.id FROM (
      SELECT id, subject_id,
        row_number() OVER (PARTITION BY subject_id ORDER BY next_attempt_at, id) AS nth
      FROM (
        SELECT id, subject_id, next_attempt_at FROM outbox_messages
        WHERE state = 'pending' AND next_attempt_at <= now() AND channel = ANY(${channels}::text[])
          AND (subject_id IS NULL
            OR subject_id NOT IN (SELECT subject_id FROM busy WHERE n >= ${perSubject}::int))
        ORDER BY next_attempt_at, id ${limitLiteral(limit)}
        FOR UPDATE SKIP LOCKED
      ) looked_at
    ) ranked
    LEFT JOIN busy ON busy.subject_id = ranked.subject_id
    WHERE ranked.subject_id IS NULL OR ranked.nth <= ${perSubject}::int - COALESCE(busy.n, 0)`;
}

function truncate(error: string): string {
  return error.length > LAST_ERROR_MAX ? `${error.slice(0, LAST_ERROR_MAX - 1)}…` : error;
}

/** The statement of OutboxStore.enqueue (see there). */
function enqueueSql(message: NewOutboxMessage & { spacingSeconds?: number }): Prisma.Sql {
  const notBefore = message.notBefore ?? null;
  const key = message.dedupeKey ?? null;
  const spacing =
    key && message.spacingSeconds
      ? Prisma.sql`, (SELECT max(COALESCE(sent_at, CASE WHEN state = 'pending' AND claimed_by IS NOT NULL THEN now() END))
              + make_interval(secs => ${message.spacingSeconds}) FROM outbox_messages WHERE dedupe_key = ${key})`
      : Prisma.empty;
  // The waiting message is read from the statement's snapshot: one that committed before it.
  return Prisma.sql`
      WITH queued AS (
        INSERT INTO outbox_messages (channel, kind, payload, user_id, dedupe_key, subject_id, next_attempt_at)
        VALUES (${message.channel}, ${message.kind}, ${JSON.stringify(message.payload)}::jsonb,
          ${message.userId ?? null}::uuid, ${key}, ${message.subjectId ?? null}::uuid,
          GREATEST(now(), COALESCE(${notBefore}::timestamptz, now())${spacing}))
        ON CONFLICT (dedupe_key) WHERE state = 'pending' AND claimed_by IS NULL
        DO UPDATE SET dedupe_key = EXCLUDED.dedupe_key WHERE false
        RETURNING next_attempt_at
      ), carrier AS (
        SELECT next_attempt_at FROM queued
        UNION ALL
        SELECT next_attempt_at FROM outbox_messages
        WHERE ${key}::text IS NOT NULL AND dedupe_key = ${key} AND state = 'pending' AND claimed_by IS NULL
          AND NOT EXISTS (SELECT 1 FROM queued)
      )
      SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS "delayMs" FROM carrier`;
}

function delayOf([queued]: { delayMs: number | null }[]): number | null {
  return queued?.delayMs === null || queued?.delayMs === undefined ? null : Number(queued.delayMs);
}
