import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '@parley/cursor';
import { DomainError } from '@parley/errors';
import type { CommentRecord, CommentStatusName } from './comment-record';
import { CommentReportStore } from './comment-report.store';
import { CommentRevisionStore } from './comment-revision.store';
import { CommentStore } from './comment.store';

/** What threads knows of one author's activity, for the moderator's profile of a user. */
export interface AuthorActivity {
  commentCounts: Record<CommentStatusName, number>;
  reports: { made: number; received: number };
}

/**
 * The moderator's reads about one author and one comment's past: counts, history in any status,
 * earlier texts. Each read is one query per store (the author and reporter indexes), whatever
 * the author's volume.
 */
@Injectable()
export class AuthorHistoryService {
  constructor(
    private readonly comments: CommentStore,
    private readonly reports: CommentReportStore,
    private readonly revisions: CommentRevisionStore,
  ) {}

  async activityOf(userId: string): Promise<AuthorActivity> {
    const [commentCounts, reports] = await Promise.all([
      this.comments.countByStatusOf(userId),
      this.reports.countsAbout(userId),
    ]);
    return { commentCounts, reports };
  }

  /** Every comment of the author in any status, newest first, keyset-paginated. */
  async historyOf(
    userId: string,
    query: { cursor?: string; limit: number },
  ): Promise<{ items: CommentRecord[]; nextCursor: string | null }> {
    const position = query.cursor !== undefined ? decodeCursor('history', query.cursor) : undefined;
    const rows = await this.comments.historyOf(userId, position, query.limit);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: rows.slice(0, query.limit),
      nextCursor: last ? encodeCursor('history', { at: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * A comment's earlier texts, oldest first (the kept ones: edits keep the newest few). Empty for
   * a comment never edited, and once its author is erased.
   */
  async revisionsOf(commentId: string): Promise<{ body: string; createdAt: Date }[]> {
    const comment = await this.comments.find(commentId);
    if (!comment) throw new DomainError('comment_not_found', 'No such comment');
    return (await this.revisions.listOf([commentId])).get(commentId) ?? [];
  }
}
