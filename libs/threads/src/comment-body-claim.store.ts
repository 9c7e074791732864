import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, purgeInBatches, SqlClient } from '@parley/database';

/** How long the same text by the same user on the same article is a duplicate. */
export const DUPLICATE_WINDOW_MINUTES = 10;
const DUPLICATE_WINDOW = Prisma.raw(`interval '${DUPLICATE_WINDOW_MINUTES} minutes'`);

/**
 * `comment_body_claims`: the texts each user posted to each article within the duplicate window,
 * by SHA-256 of the trimmed body. The claim is made by the comment's own INSERT statement
 * (claimSql); the primary key decides between concurrent identical posts.
 */
@Injectable()
export class CommentBodyClaimStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * A CTE body that yields one row when (author, article, body hash) is new or its claim is older
   * than the window (and then renews it), none otherwise. The second of two concurrent identical
   * posts waits for the first to commit and then sees its claim (ON CONFLICT reads the latest
   * committed row, not the statement's snapshot). `guard`, a condition, is evaluated first: the
   * claim, and so the comment, is made only when it holds.
   */
  claimSql(
    claim: { userId: string; articleId: string; bodyHash: string },
    guard?: Prisma.Sql,
  ): Prisma.Sql {
    const values = guard
      ? Prisma.sql`SELECT ${claim.userId}::uuid, ${claim.articleId}, decode(${claim.bodyHash}, 'hex') WHERE ${guard}`
      : Prisma.sql`VALUES (${claim.userId}::uuid, ${claim.articleId}, decode(${claim.bodyHash}, 'hex'))`;
    return Prisma.sql`INSERT INTO comment_body_claims AS b (user_id, article_id, body_hash)
      ${values}
      ON CONFLICT (user_id, article_id, body_hash) DO UPDATE SET created_at = now()
        WHERE b.created_at < now() - ${DUPLICATE_WINDOW}
      RETURNING 1`;
  }

  /**
   * Forgets the claims older than the window (they no longer mean anything); returns how many.
   * Batches are picked by row address (as live_events' are): matched by their three-column key,
   * PostgreSQL joined each batch against a scan of the whole table (84 ms a batch on 125,000
   * claims, 2.3 ms by address). A claim renewed meanwhile has moved, so it stays, as it should.
   */
  purgeExpired(signal?: AbortSignal): Promise<number> {
    return purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM comment_body_claims WHERE ctid IN (
            SELECT ctid FROM comment_body_claims
            WHERE created_at < now() - ${DUPLICATE_WINDOW} LIMIT ${limit})`),
      signal,
    );
  }
}
