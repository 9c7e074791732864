import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, purgeInBatches, SqlClient, Tx } from '@parley/database';

export interface StoredIdempotencyKey {
  commentId: string;
  requestHash: string;
  createdAt: Date;
}

/**
 * `comment_idempotency_keys`: the comment a user's Idempotency-Key answered, for 24 hours of
 * retries. A key is written by the comment's own INSERT statement (insertSql), so a comment and
 * its key exist together or not at all.
 */
@Injectable()
export class CommentIdempotencyKeyStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  find(userId: string, key: string): Promise<StoredIdempotencyKey | null> {
    return this.prisma.commentIdempotencyKey.findUnique({
      where: { userId_key: { userId, key } },
      select: { commentId: true, requestHash: true, createdAt: true },
    });
  }

  /**
   * Frees the key if it is still older than `cutoff` (conditional, so the fresh row of a racing
   * retry stays).
   */
  async deleteIfOlder(userId: string, key: string, cutoff: Date): Promise<void> {
    await this.prisma.commentIdempotencyKey.deleteMany({
      where: { userId, key, createdAt: { lt: cutoff } },
    });
  }

  /**
   * The part of a comment's INSERT statement that keys it: `source` names the statement's CTE
   * holding the inserted row (its `id`).
   */
  insertSql(source: string, key: { userId: string; key: string; requestHash: string }): Prisma.Sql {
    return Prisma.sql`INSERT INTO comment_idempotency_keys (user_id, key, request_hash, comment_id)
      SELECT ${key.userId}::uuid, ${key.key}, ${key.requestHash}, id FROM ${Prisma.raw(source)}`;
  }

  async deleteAllOf(tx: Tx, userId: string): Promise<void> {
    await tx.commentIdempotencyKey.deleteMany({ where: { userId } });
  }

  /**
   * Deletes the keys created before `cutoff`, in batches picked by row address (a batch matched
   * by the two-column key may be joined against a scan of the whole table); returns how many.
   */
  purgeOlderThan(cutoff: Date, signal?: AbortSignal): Promise<number> {
    return purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM comment_idempotency_keys WHERE ctid IN (
            SELECT ctid FROM comment_idempotency_keys WHERE created_at < ${cutoff} LIMIT ${limit})`),
      signal,
    );
  }
}
