import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient } from '@parley/database';
import { COMMENT_COLUMNS, type CommentRecord } from './comment-record';

/**
 * `comment_likes`, and the `like_count` of comments that counts them. Each like or unlike is one
 * statement that changes the like row and the counter together, so racing requests always leave
 * `like_count` equal to the rows.
 */
@Injectable()
export class CommentLikeStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * The comment as this like left it (its live event needs no second read); null when the like
   * was there already.
   */
  async add(commentId: string, userId: string): Promise<CommentRecord | null> {
    // Prepared (as `remove`): planning it again for every like cost a third of its time.
    const changed = await this.sql.queryPrepared<CommentRecord>(
      'parley_like_add',
      Prisma.sql`
      WITH added AS (
        INSERT INTO comment_likes (comment_id, user_id) VALUES (${commentId}::uuid, ${userId}::uuid)
        ON CONFLICT DO NOTHING RETURNING comment_id
      )
      UPDATE comments c SET like_count = c.like_count + 1 WHERE c.id IN (SELECT comment_id FROM added)
      RETURNING ${COMMENT_COLUMNS}`,
    );
    return changed[0] ?? null;
  }

  /** The comment as this unlike left it; null when there was no like to remove. */
  async remove(commentId: string, userId: string): Promise<CommentRecord | null> {
    const changed = await this.sql.queryPrepared<CommentRecord>(
      'parley_like_remove',
      Prisma.sql`
      WITH removed AS (
        DELETE FROM comment_likes WHERE comment_id = ${commentId}::uuid AND user_id = ${userId}::uuid RETURNING comment_id
      )
      UPDATE comments c SET like_count = c.like_count - 1 WHERE c.id IN (SELECT comment_id FROM removed)
      RETURNING ${COMMENT_COLUMNS}`,
    );
    return changed[0] ?? null;
  }

  /** The ones among `commentIds` that the user likes. */
  async likedAmong(userId: string, commentIds: string[]): Promise<Set<string>> {
    const likes = await this.sql.queryRead<{ commentId: string }>(Prisma.sql`
      SELECT comment_id::text AS "commentId" FROM comment_likes
      WHERE user_id = ${userId}::uuid AND comment_id = ANY(${commentIds}::uuid[])`);
    return new Set(likes.map((like) => like.commentId));
  }

  /**
   * Whether the user likes the comment whose id is the expression `commentId` (text), as a column
   * of another store's page query (one round trip for the page and the viewer's likes).
   */
  likedBySql(userId: string, commentId: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = ${commentId}::uuid AND l.user_id = ${userId}::uuid)`;
  }

  /** The user's likes, oldest first (data export). */
  listByUser(userId: string): Promise<{ commentId: string; createdAt: Date }[]> {
    return this.prisma.commentLike.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { commentId: true, createdAt: true },
    });
  }
}
