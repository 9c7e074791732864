import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import type { Tx } from '@parley/database';
import {
  CommentChanges,
  CommentDecided,
  CommentDecisionKind,
  CommentModerationService,
  CommentRecord,
  CommentReinstatementService,
} from '@parley/threads';
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
 * that one is audited, in the same transaction as the change (so the entry exists exactly when
 * the change does).
 */
@Injectable()
export class CommentDecisionsService {
  constructor(
    private readonly comments: CommentModerationService,
    private readonly reinstatement: CommentReinstatementService,
    private readonly changes: CommentChanges,
    private readonly presenter: ModeratedCommentPresenter,
    private readonly audit: AuditLogStore,
  ) {}

  /** pending → visible; clears open reports (on a visible comment that is a "keep" decision). */
  approve(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'approve', input);
  }

  /** visible or pending → removed, with an optional code and reason. */
  reject(actorId: string, commentId: string, input: RejectInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'reject', input);
  }

  /** Top-level comments only (400 validation_failed for a reply). */
  pin(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'pin', input);
  }

  unpin(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.decide(actorId, commentId, 'unpin', input);
  }

  /**
   * Takes back a removal (a rejection or a ban's): removed → visible, counted again. A visible
   * comment is a repeat (`changed: false`); a pending or deleted one is a 409 conflict.
   */
  reinstate(actorId: string, commentId: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.record(actorId, 'reinstate', input, (tx) =>
      this.reinstatement.reinstate(commentId, tx),
    );
  }

  private decide(
    actorId: string,
    commentId: string,
    kind: CommentDecisionKind,
    input: RejectInput,
  ): Promise<DecisionOutcome> {
    return this.record(actorId, kind, input, (tx) =>
      this.comments.decide(commentId, kind, input.code ?? null, tx),
    );
  }

  /** Makes the change and, when it changed anything, its audit entry, in one transaction. */
  private async record(
    actorId: string,
    kind: CommentDecisionKind | 'reinstate',
    input: RejectInput,
    change: (tx: Tx) => Promise<CommentDecided>,
  ): Promise<DecisionOutcome> {
    const decided = await this.changes.run(async (tx) => {
      const result = await change(tx);
      if (result.changed) {
        await this.audit.record(
          {
            actorId,
            action: `comment.${kind}`,
            target: { type: 'comment', id: result.previous.id },
            reasonCode: input.code ?? null,
            reason: input.reason ?? null,
            metadata: snapshot(result.previous),
          },
          tx,
        );
      }
      return result;
    });
    const [comment] = await this.presenter.withAuthors([decided.comment]);
    return { changed: decided.changed, comment };
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
