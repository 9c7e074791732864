import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient, Tx } from '@parley/database';

/** A reply to mail, as the notification worker composes it. */
export interface NoticedReply {
  id: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

/**
 * The one class that reads and writes `reply_notices`: one row per reply and the reader it
 * notifies. The row is written with the reply (or its approval), so it exists exactly when the
 * reply is visible, whatever its creation time; the worker then takes the rows for the message
 * it composes. Taking is one UPDATE on `mail_id IS NULL`: PostgreSQL re-checks that condition on
 * a row another claim changed meanwhile, so two claims never take the same row, and a reply
 * committed after a claim waits for the next message.
 */
@Injectable()
export class ReplyNoticeStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /** In the reply's (or approval's) transaction; a repeat for the same reply changes nothing. */
  async record(
    tx: Tx,
    notice: { replyId: string; recipientId: string; articleId: string },
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO reply_notices (reply_id, recipient_id, article_id)
      VALUES (${notice.replyId}::uuid, ${notice.recipientId}::uuid, ${notice.articleId})
      ON CONFLICT DO NOTHING`;
  }

  /**
   * Takes for message `mailId` the reader's waiting notices on the article, and again those it
   * took on an earlier attempt (a retry composes the same mail, plus what arrived since). Rows
   * whose reply is no longer visible, or all of them when `deliverable` is false, are taken as
   * skipped. Returns the visible replies taken, oldest first.
   */
  async claim(
    mailId: string,
    recipientId: string,
    articleId: string,
    deliverable: boolean,
  ): Promise<NoticedReply[]> {
    return this.sql.query<NoticedReply>(Prisma.sql`
      WITH taken AS (
        UPDATE reply_notices n
        SET mail_id = ${mailId}::uuid, skipped = NOT ${deliverable}::boolean OR c.status <> 'visible'
        FROM comments c
        WHERE c.id = n.reply_id AND n.recipient_id = ${recipientId}::uuid
          AND n.article_id = ${articleId} AND (n.mail_id IS NULL OR n.mail_id = ${mailId}::uuid)
        RETURNING c.id, c.author_id, c.body, c.created_at, n.skipped)
      SELECT id::text AS "id", author_id::text AS "authorId", body, created_at AS "createdAt"
      FROM taken WHERE NOT skipped ORDER BY created_at, id`);
  }

  /** Erasure: the notices the account receives and those its replies caused. */
  async forgetUser(tx: Tx, userId: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM reply_notices WHERE recipient_id = ${userId}::uuid`;
    await tx.$executeRaw`
      DELETE FROM reply_notices n USING comments c
      WHERE c.id = n.reply_id AND c.author_id = ${userId}::uuid`;
  }

  /**
   * Up to `limit` notices taken by a message and created before `cutoff`; returns how many.
   * Picked by row address, as the SSO token uses are: matched by the two-column key, a batch is a
   * join against a scan of the whole table.
   */
  purgeTakenBefore(cutoff: Date, limit: number): Promise<number> {
    return this.sql.execute(Prisma.sql`
      DELETE FROM reply_notices WHERE ctid IN (
        SELECT ctid FROM reply_notices
        WHERE mail_id IS NOT NULL AND created_at < ${cutoff} LIMIT ${limit})`);
  }
}
