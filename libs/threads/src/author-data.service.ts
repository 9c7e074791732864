import { Injectable } from '@nestjs/common';
import { CommentLikeStore } from './comment-like.store';
import { CommentReportStore } from './comment-report.store';
import { CommentRevisionStore } from './comment-revision.store';
import { CommentStore } from './comment.store';

/** What threads holds about one account, for its data export (GDPR access request). */
export interface AuthorData {
  comments: {
    id: string;
    articleId: string;
    parentId: string | null;
    body: string;
    status: string;
    pinned: boolean;
    likeCount: number;
    createdAt: Date;
    editedAt: Date | null;
    /** Earlier texts, oldest first. */
    revisions: { body: string; createdAt: Date }[];
  }[];
  reports: {
    commentId: string;
    reason: string;
    note: string | null;
    state: string;
    createdAt: Date;
  }[];
  likes: { commentId: string; createdAt: Date }[];
}

/** Reads an account's comments (every status, with revisions), reports and likes. */
@Injectable()
export class AuthorDataService {
  constructor(
    private readonly comments: CommentStore,
    private readonly revisions: CommentRevisionStore,
    private readonly reports: CommentReportStore,
    private readonly likes: CommentLikeStore,
  ) {}

  async exportOf(userId: string): Promise<AuthorData> {
    const [comments, reports, likes] = await Promise.all([
      this.comments.listByAuthor(userId),
      this.reports.listByReporter(userId),
      this.likes.listByUser(userId),
    ]);
    const revisions = await this.revisions.listOf(comments.map((comment) => comment.id));
    return {
      comments: comments.map((comment) => ({
        ...comment,
        revisions: revisions.get(comment.id) ?? [],
      })),
      reports,
      likes,
    };
  }
}
