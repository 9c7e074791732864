import { Injectable } from '@nestjs/common';
import type { AccountErasureStep } from '@parley/identity';
import { CommentChanges } from './comment-changes.service';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';
import { CommentReportStore } from './comment-report.store';
import { CommentRevisionStore } from './comment-revision.store';
import { CommentStore } from './comment.store';

/**
 * Erasing an author: every comment becomes `deleted` with its text blanked (a placeholder while
 * it has visible replies), its open reports are resolved, and the earlier revisions and the
 * author's idempotency keys are dropped; counters stay exact.
 */
@Injectable()
export class AuthorErasureService implements AccountErasureStep {
  constructor(
    private readonly changes: CommentChanges,
    private readonly comments: CommentStore,
    private readonly reports: CommentReportStore,
    private readonly revisions: CommentRevisionStore,
    private readonly keys: CommentIdempotencyKeyStore,
  ) {}

  async eraseAccountData(userId: string): Promise<void> {
    await this.changes.run(async (tx) => {
      await this.changes.move(
        tx,
        { authorId: userId },
        ['visible', 'pending', 'removed'],
        'deleted',
      );
      const ids = await this.comments.blankAllOf(userId, tx);
      await this.reports.resolveOpen(ids, tx);
      await this.revisions.deleteAllOf(tx, ids);
      await this.keys.deleteAllOf(tx, userId);
    });
  }
}
