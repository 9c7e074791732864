import { Injectable } from '@nestjs/common';
import type { Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import { CommentChanges } from './comment-changes.service';
import type { CommentDecided } from './comment-moderation.service';
import { CommentReportStore, OpenReports } from './comment-report.store';
import { CommentStore } from './comment.store';

/**
 * A moderator takes back a removal: removed → visible, with the counters, in a
 * CommentChanges.run() transaction (so cached pages refresh after it commits). Only `removed`
 * comes back: a pending comment is approved instead, and a deleted one was its author's choice
 * (or an erasure), so both are a 409. A visible one is a repeat: nothing changes.
 * Reply notifications are not sent again: a reply that was removed after being visible was
 * notified then, and a held reply that was rejected is approved by no one.
 */
@Injectable()
export class CommentReinstatementService {
  constructor(
    private readonly store: CommentStore,
    private readonly reports: CommentReportStore,
    private readonly changes: CommentChanges,
  ) {}

  async reinstate(commentId: string, tx: Tx): Promise<CommentDecided> {
    const previous = await this.store.find(commentId, tx, true);
    if (!previous) throw new DomainError('comment_not_found', 'No such comment');
    if (previous.status === 'pending' || previous.status === 'deleted') {
      throw new DomainError(
        'conflict',
        previous.status === 'pending'
          ? 'A pending comment is approved, not reinstated'
          : 'A comment deleted by its author cannot be reinstated',
      );
    }
    const [moved] = await this.changes.move(tx, { id: previous.id }, ['removed'], 'visible');
    const comment = moved ?? previous;
    const open = await this.reports.openOf([comment.id], tx);
    return {
      changed: moved !== undefined,
      previous,
      comment: { comment, ...(open.get(comment.id) as OpenReports) },
    };
  }
}
