import type { HoldReasonName } from './comment-record';

/** What the posting rules decided for a new or edited text. */
export interface CommentVerdict {
  status: 'visible' | 'pending';
  holdReason: HoldReasonName | null;
  score: number | null;
}

/** The rules that may hold a comment, each true when it does. */
export interface HoldChecks {
  userPremoderated: boolean;
  article: 'article_premoderated' | 'surge' | null;
  bannedWord: boolean;
  link: boolean;
  newCommenter: boolean;
  scoreHeld: boolean;
}

/**
 * The reason shown to moderators: the first rule that holds, most deliberate first (a
 * moderator's choice about the user, then the article's, then the text's, then the commenter's
 * newness, then the machine's score).
 */
export function holdReason(checks: HoldChecks): HoldReasonName | null {
  if (checks.userPremoderated) return 'user_premoderated';
  if (checks.article) return checks.article;
  if (checks.bannedWord) return 'banned_word';
  if (checks.link) return 'link';
  if (checks.newCommenter) return 'new_commenter';
  if (checks.scoreHeld) return 'score';
  return null;
}

export function verdictOf(reason: HoldReasonName | null, score: number | null): CommentVerdict {
  return { status: reason ? 'pending' : 'visible', holdReason: reason, score };
}

/**
 * Slow mode: how many milliseconds the user still has to wait before commenting on the article
 * again (0: they may now). `lastPostAt` is their latest comment there, whatever became of it.
 */
export function slowModeWaitMs(lastPostAt: Date | null, now: Date, seconds: number): number {
  if (seconds <= 0 || lastPostAt === null) return 0;
  return Math.max(0, lastPostAt.getTime() + seconds * 1000 - now.getTime());
}
