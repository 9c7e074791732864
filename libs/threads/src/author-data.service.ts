import { Injectable } from '@nestjs/common';
import { PrismaService } from '@parley/database';

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
  constructor(private readonly prisma: PrismaService) {}

  async exportOf(userId: string): Promise<AuthorData> {
    const [comments, reports, likes] = await Promise.all([
      this.prisma.comment.findMany({
        where: { authorId: userId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: { revisions: { orderBy: { createdAt: 'asc' } } },
      }),
      this.prisma.commentReport.findMany({
        where: { reporterId: userId },
        orderBy: { createdAt: 'asc' },
      }),
      this.prisma.commentLike.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } }),
    ]);
    return {
      comments: comments.map((c) => ({
        id: c.id,
        articleId: c.articleId,
        parentId: c.parentId,
        body: c.body,
        status: c.status,
        pinned: c.pinned,
        likeCount: c.likeCount,
        createdAt: c.createdAt,
        editedAt: c.editedAt,
        revisions: c.revisions.map((r) => ({ body: r.body, createdAt: r.createdAt })),
      })),
      reports: reports.map((r) => ({
        commentId: r.commentId,
        reason: r.reason,
        note: r.note,
        state: r.state,
        createdAt: r.createdAt,
      })),
      likes: likes.map((l) => ({ commentId: l.commentId, createdAt: l.createdAt })),
    };
  }
}
