import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, purgeInBatches, SqlClient, Tx } from '@parley/database';

/** `comment_revisions`: the earlier texts of edited comments, newest kept up to a cap. */
@Injectable()
export class CommentRevisionStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * Keeps `body` as the comment's latest earlier text and drops all but the newest `kept`. The
   * caller holds the comment's row lock, which orders concurrent edits.
   */
  async keep(tx: Tx, commentId: string, body: string, kept: number): Promise<void> {
    await tx.commentRevision.create({ data: { commentId, body } });
    await tx.$executeRaw`
      DELETE FROM comment_revisions WHERE id IN (
        SELECT id FROM comment_revisions WHERE comment_id = ${commentId}::uuid
        ORDER BY created_at DESC, id DESC OFFSET ${kept})`;
  }

  async deleteAllOf(tx: Tx, commentIds: string[]): Promise<void> {
    await tx.commentRevision.deleteMany({ where: { commentId: { in: commentIds } } });
  }

  /** Earlier texts of these comments, oldest first, by comment id (data export). */
  async listOf(commentIds: string[]): Promise<Map<string, { body: string; createdAt: Date }[]>> {
    const rows = await this.prisma.commentRevision.findMany({
      where: { commentId: { in: commentIds } },
      orderBy: { createdAt: 'asc' },
      select: { commentId: true, body: true, createdAt: true },
    });
    const byComment = new Map<string, { body: string; createdAt: Date }[]>();
    for (const { commentId, ...revision } of rows) {
      byComment.set(commentId, [...(byComment.get(commentId) ?? []), revision]);
    }
    return byComment;
  }

  /** Trims every comment to its newest `kept` earlier texts, in batches; returns how many went. */
  purgeBeyond(kept: number, signal?: AbortSignal): Promise<number> {
    return purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM comment_revisions WHERE id IN (
            SELECT id FROM (
              SELECT id, row_number() OVER (
                PARTITION BY comment_id ORDER BY created_at DESC, id DESC) AS newer
              FROM comment_revisions) ranked
            WHERE newer > ${kept} LIMIT ${limit})`),
      signal,
    );
  }
}
