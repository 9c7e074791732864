import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import type { AuthUser, UncheckedLogin } from '@parley/identity';
import { RateLimiter } from '@parley/rate-limit';
import { ArticlesService } from './articles.service';
import { CommentChanges } from './comment-changes.service';
import type { ReportReasonName } from './comment-record';
import { CommentLikeStore } from './comment-like.store';
import { CommentReportStore, StoredReport } from './comment-report.store';
import { CommentStore } from './comment.store';
import { PostingGate } from './posting-gate.service';

export interface ReportResult {
  created: boolean;
  report: StoredReport;
}

/** Likes and reports, after the contract's checks (see CommentLikeStore for the counters). */
@Injectable()
export class CommentReactionsService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly gate: PostingGate,
    private readonly store: CommentStore,
    private readonly likes: CommentLikeStore,
    private readonly reports: CommentReportStore,
    private readonly changes: CommentChanges,
    private readonly config: AppConfig,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async like(login: UncheckedLogin, commentId: string): Promise<void> {
    const user = await this.checkLike(login, commentId);
    await this.limitLikes(user);
    const liked = await this.likes.add(commentId, user.id);
    if (liked) await this.changes.liked(liked);
  }

  async unlike(login: UncheckedLogin, commentId: string): Promise<void> {
    const user = await this.checkLike(login, commentId);
    await this.limitLikes(user);
    const unliked = await this.likes.remove(commentId, user.id);
    if (unliked) await this.changes.liked(unliked);
  }

  /** One report per user and comment: a repeat returns the first (created: false). */
  async report(
    user: AuthUser,
    commentId: string,
    reason: ReportReasonName,
    note: string | null,
  ): Promise<ReportResult> {
    await this.checkReport(user, commentId);
    await this.rateLimiter.enforce({
      key: `report:user:${user.id}`,
      limit: this.config.values.REPORT_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
    const created = await this.reports.add({ commentId, reporterId: user.id, reason, note });
    return { created, report: await this.reports.get(commentId, user.id) };
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
   * A like's checks, in one statement (PostingGate.admit): the login (401), account and verified
   * address (403), a visible comment (404), an open article (403), the entitlement (403).
   */
  private async checkLike(login: UncheckedLogin, commentId: string): Promise<AuthUser> {
    const { user, standing } = await this.gate.admit(
      login,
      this.store.visibleCommentArticleSql(commentId),
      commentNotFound,
    );
    this.gate.checkStanding(standing);
    return user;
  }

  /** A report's checks: account and verified address (403), a visible comment (404), an open article (403). */
  private async checkReport(user: AuthUser, commentId: string): Promise<void> {
    this.gate.checkAccount(user);
    this.gate.checkEmailVerified(user);
    const comment = await this.store.find(commentId);
    if (!comment || comment.status !== 'visible') throw commentNotFound();
    this.gate.checkOpen(await this.articles.get(comment.articleId));
  }
}

function commentNotFound(): DomainError {
  return new DomainError('comment_not_found', 'No such comment');
}
