import type { CommentRecord, ReportedComment } from '@parley/threads';

/**
 * A comment as moderators see it: body and author even while pending or removed, with its open
 * reports. `author` is null once the author's account is erased.
 */
export interface ModeratedComment extends ReportedComment {
  comment: CommentRecord;
  /** `subscriberSince`: since when the author has held the grant now in force; null: none now. */
  author: { id: string; displayName: string; subscriberSince: Date | null } | null;
}

export interface ModeratedCommentPage {
  items: ModeratedComment[];
  nextCursor: string | null;
}

/** The comment after a decision, and whether the decision changed anything (false: nothing to do). */
export interface DecisionOutcome {
  changed: boolean;
  comment: ModeratedComment;
}
