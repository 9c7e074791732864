import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@parley/database';
import { validationFailed } from '@parley/errors';
import { ArticleVersions } from './article-versions.service';
import { decodeCursor, encodeCursor } from '@parley/cursor';
import { CommentNotificationsService } from './comment-notifications.service';
import { COMMENT_COLUMNS, CommentRecord } from './comment-record';
import { CommentStore } from './comment-store.service';
import type { ReportReasonName } from './comment-reactions.service';

export interface QueueQuery {
  articleId?: string;
  cursor?: string;
  limit: number;
}

export interface ReportedComment {
  comment: CommentRecord;
  reportCounts: Record<ReportReasonName, number>;
  /** The latest notes of open reports, newest first. */
  latestNotes: { reason: ReportReasonName; note: string; createdAt: Date }[];
}

const NOTES_PER_COMMENT = 5;

/**
 * What libs/moderation needs of comments, without reading these tables itself. Every change is
 * conditional on the current status and keeps the counters in the same transaction.
 */
@Injectable()
export class CommentModerationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly store: CommentStore,
    private readonly versions: ArticleVersions,
    private readonly notifications: CommentNotificationsService,
  ) {}

  getComment(commentId: string): Promise<CommentRecord> {
    return this.store.get(commentId);
  }

  /** Pending comments, oldest first. */
  async listPending(
    query: QueueQuery,
  ): Promise<{ items: CommentRecord[]; nextCursor: string | null }> {
    const position = query.cursor !== undefined ? decodeCursor('pending', query.cursor) : undefined;
    const rows = await this.prisma.$queryRaw<CommentRecord[]>`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.status = 'pending'
      ${query.articleId !== undefined ? Prisma.sql`AND c.article_id = ${query.articleId}` : Prisma.empty}
      ${position ? Prisma.sql`AND (c.created_at, c.id) > (${position.at}::timestamptz, ${position.id}::uuid)` : Prisma.empty}
      ORDER BY c.created_at ASC, c.id ASC LIMIT ${query.limit + 1}`;
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: rows.slice(0, query.limit),
      nextCursor: last ? encodeCursor('pending', { at: last.createdAt, id: last.id }) : null,
    };
  }

  /** Comments with open reports, the longest-reported first, with counts by reason and notes. */
  async listReported(
    query: QueueQuery,
  ): Promise<{ items: ReportedComment[]; nextCursor: string | null }> {
    const position =
      query.cursor !== undefined ? decodeCursor('reported', query.cursor) : undefined;
    const rows = await this.prisma.$queryRaw<CommentRecord[]>`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.open_report_count > 0
      ${query.articleId !== undefined ? Prisma.sql`AND c.article_id = ${query.articleId}` : Prisma.empty}
      ${position ? Prisma.sql`AND (c.reported_at, c.id) > (${position.at}::timestamptz, ${position.id}::uuid)` : Prisma.empty}
      ORDER BY c.reported_at ASC, c.id ASC LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    const items = await this.withReports(page);
    return {
      items,
      nextCursor: last?.reportedAt
        ? encodeCursor('reported', { at: last.reportedAt, id: last.id })
        : null,
    };
  }

  /**
   * pending → visible, and open reports are resolved; false when there was nothing to do. A reply
   * that becomes visible notifies the author it answers now, as it would have when posted.
   */
  async approve(commentId: string): Promise<boolean> {
    const comment = await this.store.get(commentId);
    return this.store.transaction(async (tx) => {
      const moved = await this.store.transition(tx, this.byId(commentId), ['pending'], 'visible');
      const resolved = await this.resolveReports(tx, commentId);
      if (moved.length > 0 && comment.parentId !== null) {
        const parent = await this.store.get(comment.parentId, tx);
        await this.notifications.replied(tx, comment, parent.authorId);
      }
      return moved.length > 0 || resolved > 0;
    });
  }

  /**
   * visible or pending → removed; its open reports are resolved, and its author is told (with
   * the decision's code) through the outbox, in the same transaction.
   */
  async reject(commentId: string, code: string | null = null): Promise<boolean> {
    const comment = await this.store.get(commentId);
    return this.store.transaction(async (tx) => {
      const moved = await this.store.transition(
        tx,
        this.byId(commentId),
        ['visible', 'pending'],
        'removed',
      );
      await this.resolveReports(tx, commentId);
      if (moved.length > 0) await this.notifications.rejected(tx, comment, code);
      return moved.length > 0;
    });
  }

  pin(commentId: string): Promise<boolean> {
    return this.setPinned(commentId, true);
  }

  unpin(commentId: string): Promise<boolean> {
    return this.setPinned(commentId, false);
  }

  /** Takes every visible or pending comment of the user out of view; returns how many. */
  async removeAllByAuthor(userId: string): Promise<number> {
    return this.store.transaction(async (tx) => {
      const moved = await this.store.transition(
        tx,
        Prisma.sql`c.author_id = ${userId}::uuid`,
        ['visible', 'pending'],
        'removed',
      );
      await tx.$executeRaw`UPDATE comment_reports SET state = 'resolved' WHERE state = 'open' AND comment_id = ANY(${moved.map((row) => row.id)}::uuid[])`;
      await tx.$executeRaw`UPDATE comments SET open_report_count = 0, reported_at = NULL WHERE id = ANY(${moved.map((row) => row.id)}::uuid[])`;
      return moved.length;
    });
  }

  private async setPinned(commentId: string, pinned: boolean): Promise<boolean> {
    const comment = await this.store.get(commentId);
    if (comment.parentId !== null) {
      throw validationFailed(
        { field: 'commentId', message: 'must be a top-level comment' },
        'Only top-level comments can be pinned',
      );
    }
    const changed = await this.prisma
      .$executeRaw`UPDATE comments SET pinned = ${pinned} WHERE id = ${commentId}::uuid AND pinned <> ${pinned}`;
    if (changed > 0) await this.versions.bump([comment.articleId]);
    return changed > 0;
  }

  private async resolveReports(tx: Prisma.TransactionClient, commentId: string): Promise<number> {
    const resolved =
      await tx.$executeRaw`UPDATE comment_reports SET state = 'resolved' WHERE comment_id = ${commentId}::uuid AND state = 'open'`;
    if (resolved > 0)
      await tx.$executeRaw`UPDATE comments SET open_report_count = 0, reported_at = NULL WHERE id = ${commentId}::uuid`;
    return resolved;
  }

  private byId(commentId: string): Prisma.Sql {
    return Prisma.sql`c.id = ${commentId}::uuid`;
  }

  /** The open reports of these comments (counts by reason, latest notes), in a fixed number of queries. */
  async withReports(page: CommentRecord[]): Promise<ReportedComment[]> {
    const ids = page.map((comment) => comment.id);
    if (ids.length === 0) return [];
    const [counts, notes] = await Promise.all([
      this.prisma.$queryRaw<{ commentId: string; reason: ReportReasonName; n: number }[]>`
        SELECT comment_id::text AS "commentId", reason::text AS reason, count(*)::int AS n FROM comment_reports
        WHERE state = 'open' AND comment_id = ANY(${ids}::uuid[]) GROUP BY comment_id, reason`,
      this.prisma.$queryRaw<
        { commentId: string; reason: ReportReasonName; note: string; createdAt: Date }[]
      >`
        SELECT "commentId", reason, note, "createdAt" FROM (
          SELECT comment_id::text AS "commentId", reason::text AS reason, note, created_at AS "createdAt",
            row_number() OVER (PARTITION BY comment_id ORDER BY created_at DESC) AS rank
          FROM comment_reports WHERE state = 'open' AND note IS NOT NULL AND comment_id = ANY(${ids}::uuid[])
        ) ranked WHERE rank <= ${NOTES_PER_COMMENT} ORDER BY "createdAt" DESC`,
    ]);
    return page.map((comment) => {
      const reportCounts: Record<ReportReasonName, number> = {
        spam: 0,
        abuse: 0,
        off_topic: 0,
        other: 0,
      };
      for (const row of counts) if (row.commentId === comment.id) reportCounts[row.reason] = row.n;
      const latestNotes = notes
        .filter((row) => row.commentId === comment.id)
        .map(({ reason, note, createdAt }) => ({ reason, note, createdAt }));
      return { comment, reportCounts, latestNotes };
    });
  }
}
