import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { Prisma, PrismaService, SqlClient } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { RateLimiter } from '@parley/rate-limit';
import { ArticleVersions } from './article-versions.service';
import { ArticlesService } from './articles.service';
import { CommentRecord } from './comment-record';
import { CommentStore } from './comment-store.service';
import { PostingGate } from './posting-gate.service';

export type ReportReasonName = 'spam' | 'abuse' | 'off_topic' | 'other';

export interface ReportResult {
  created: boolean;
  report: {
    id: string;
    commentId: string;
    reason: ReportReasonName;
    note: string | null;
    createdAt: Date;
  };
}

/**
 * Likes and reports. Each like or unlike is one statement that changes the like row and the
 * counter together, so racing requests always leave `like_count` equal to the rows.
 */
@Injectable()
export class CommentReactionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly articles: ArticlesService,
    private readonly gate: PostingGate,
    private readonly store: CommentStore,
    private readonly versions: ArticleVersions,
    private readonly config: AppConfig,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async like(user: AuthUser, commentId: string): Promise<void> {
    const comment = await this.checkReaction(user, commentId, true);
    await this.limitLikes(user);
    const changed = await this.sql.query(Prisma.sql`
      WITH added AS (
        INSERT INTO comment_likes (comment_id, user_id) VALUES (${commentId}::uuid, ${user.id}::uuid)
        ON CONFLICT DO NOTHING RETURNING comment_id
      )
      UPDATE comments SET like_count = like_count + 1 WHERE id IN (SELECT comment_id FROM added) RETURNING id`);
    if (changed.length > 0) await this.versions.bump([comment.articleId]);
  }

  async unlike(user: AuthUser, commentId: string): Promise<void> {
    const comment = await this.checkReaction(user, commentId, true);
    await this.limitLikes(user);
    const changed = await this.sql.query(Prisma.sql`
      WITH removed AS (
        DELETE FROM comment_likes WHERE comment_id = ${commentId}::uuid AND user_id = ${user.id}::uuid RETURNING comment_id
      )
      UPDATE comments SET like_count = like_count - 1 WHERE id IN (SELECT comment_id FROM removed) RETURNING id`);
    if (changed.length > 0) await this.versions.bump([comment.articleId]);
  }

  /** One report per user and comment: a repeat returns the first (created: false). */
  async report(
    user: AuthUser,
    commentId: string,
    reason: ReportReasonName,
    note: string | null,
  ): Promise<ReportResult> {
    await this.checkReaction(user, commentId, false);
    await this.rateLimiter.enforce({
      key: `report:user:${user.id}`,
      limit: this.config.values.REPORT_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
    const inserted = await this.prisma.transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO comment_reports (id, comment_id, reporter_id, reason, note)
        VALUES (gen_random_uuid(), ${commentId}::uuid, ${user.id}::uuid, ${reason}::"ReportReason", ${note})
        ON CONFLICT (comment_id, reporter_id) DO NOTHING RETURNING id::text AS id`;
      if (rows.length === 0) return false;
      await tx.$executeRaw`UPDATE comments SET open_report_count = open_report_count + 1, reported_at = COALESCE(reported_at, now())
        WHERE id = ${commentId}::uuid`;
      return true;
    });
    const report = await this.prisma.commentReport.findUniqueOrThrow({
      where: { commentId_reporterId: { commentId, reporterId: user.id } },
      select: { id: true, commentId: true, reason: true, note: true, createdAt: true },
    });
    return { created: inserted, report };
  }

  /** Likes and unlikes share one budget per user (a repeat counts too: it is a request all the same). */
  private limitLikes(user: AuthUser): Promise<void> {
    return this.rateLimiter.enforce({
      key: `like:user:${user.id}`,
      limit: this.config.values.LIKE_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
  }

  /**
   * Account and verified address (403), a visible comment (404), an open article (403), and for
   * likes the entitlement.
   */
  private async checkReaction(
    user: AuthUser,
    commentId: string,
    needsEntitlement: boolean,
  ): Promise<CommentRecord> {
    this.gate.checkAccount(user);
    this.gate.checkEmailVerified(user);
    const comment = await this.store.find(commentId);
    if (!comment || comment.status !== 'visible')
      throw new DomainError('comment_not_found', 'No such comment');
    this.gate.checkOpen(await this.articles.get(comment.articleId));
    if (needsEntitlement) await this.gate.checkEntitled(user);
    return comment;
  }
}
