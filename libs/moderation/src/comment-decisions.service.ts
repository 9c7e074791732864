import { Injectable } from '@nestjs/common';
import { CommentModerationService, CommentRecord } from '@parley/threads';
import { AuditLogStore } from '@parley/audit';
import type { AuditAction } from '@parley/audit';
import type { DecisionOutcome } from './moderated-comment';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';

export const REJECT_CODES = [
  'abuse',
  'harassment',
  'spam',
  'off_topic',
  'misinformation',
  'illegal',
  'other',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface DecisionInput {
  reason?: string;
}

export interface RejectInput extends DecisionInput {
  code?: RejectCode;
}

/**
 * Decisions on one comment. Threads makes each change with a conditional UPDATE and says whether
 * it changed anything, so of two racing identical decisions exactly one reports a change; only
 * that one is audited. The entry is written right after the change commits (threads owns its
 * transaction): a crash in between would lose the entry but never duplicate it.
 */
@Injectable()
export class CommentDecisionsService {
  constructor(
    private readonly comments: CommentModerationService,
    private readonly presenter: ModeratedCommentPresenter,
    private readonly audit: AuditLogStore,
  ) {}

  /** pending → visible; clears open reports (on a visible comment that is a "keep" decision). */
  approve(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'comment.approve', input, () =>
      this.comments.approve(commentId),
    );
  }

  /** visible or pending → removed, with an optional code and reason. */
  reject(actorId: string, commentId: string, input: RejectInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'comment.reject', input, () =>
      this.comments.reject(commentId, input.code ?? null),
    );
  }

  /** Top-level comments only (400 validation_failed for a reply). */
  pin(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'comment.pin', input, () =>
      this.comments.pin(commentId),
    );
  }

  unpin(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'comment.unpin', input, () =>
      this.comments.unpin(commentId),
    );
  }

  private async decide(
    actorId: string,
    commentId: string,
    action: AuditAction,
    input: RejectInput,
    change: () => Promise<boolean>,
  ): Promise<DecisionOutcome> {
    const before = await this.comments.getComment(commentId);
    const changed = await change();
    if (changed) {
      await this.audit.record({
        actorId,
        action,
        target: { type: 'comment', id: before.id },
        reasonCode: input.code ?? null,
        reason: input.reason ?? null,
        metadata: snapshot(before),
      });
    }
    return { changed, comment: await this.presenter.one(commentId) };
  }
}

/** What the comment looked like when decided on (ids only). */
function snapshot(comment: CommentRecord): {
  articleId: string;
  authorId: string;
  previousStatus: string;
  openReports: number;
} {
  return {
    articleId: comment.articleId,
    authorId: comment.authorId,
    previousStatus: comment.status,
    openReports: comment.openReportCount,
  };
}
