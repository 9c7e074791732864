import { Prisma } from '@parley/database';
import { isUUID } from 'class-validator';

export type CommentStatusName = 'visible' | 'pending' | 'deleted' | 'removed';
export type ReportReasonName = 'spam' | 'abuse' | 'off_topic' | 'other';
export type CommentSort = 'newest' | 'oldest' | 'top';
export type HoldReasonName =
  | 'new_commenter'
  | 'link'
  | 'banned_word'
  | 'score'
  | 'surge'
  | 'user_premoderated'
  | 'article_premoderated';

/** The columns of a CommentRecord, for queries on `comments c`. */
export const COMMENT_COLUMNS = Prisma.sql`c.id::text AS "id", c.article_id AS "articleId", c.parent_id::text AS "parentId",
  c.depth, c.author_id::text AS "authorId", c.body, c.status::text AS "status", c.pinned, c.like_count AS "likeCount",
  c.reply_count AS "replyCount", c.open_report_count AS "openReportCount", c.reported_at AS "reportedAt",
  c.created_at AS "createdAt", c.edited_at AS "editedAt", c.hold_reason::text AS "holdReason", c.score`;

/** A comment row as the services of this lib pass it around (never returned over HTTP as is). */
export interface CommentRecord {
  id: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  body: string;
  status: CommentStatusName;
  pinned: boolean;
  likeCount: number;
  replyCount: number;
  openReportCount: number;
  reportedAt: Date | null;
  createdAt: Date;
  editedAt: Date | null;
  /** Which posting rule held it as pending (kept after a decision); null when none did. */
  holdReason: HoldReasonName | null;
  /** Its toxicity score (0–1) when scoring answered in time; null otherwise. */
  score: number | null;
}

/** A comment a status change moved: as it is now, and the status it had. */
export interface MovedComment extends CommentRecord {
  previous: CommentStatusName;
}

/** A row of a first or later page of top-level comments: pinned (part 0) or the page (part 1). */
export interface PagedComment extends CommentRecord {
  part: number;
  likedByMe: boolean;
}

/** A new comment's row, and the Idempotency-Key that will answer its retries. */
export interface NewCommentRow {
  /** Chosen by the caller when it needs the id before the row exists (a random one otherwise). */
  id?: string;
  articleId: string;
  parentId: string | null;
  /**
   * The comment the reply was posted to, when it is not `parentId`: a reply to a comment at the
   * deepest level is attached to that comment's parent, yet it answers that comment (whose author
   * its notifications go to).
   */
  repliedToId: string | null;
  depth: number;
  authorId: string;
  body: string;
  /** SHA-256 (hex) of the trimmed body: the duplicate check compares these. */
  bodyHash: string;
  status: 'visible' | 'pending';
  holdReason: HoldReasonName | null;
  score: number | null;
  idempotency: { key: string; requestHash: string } | null;
  /**
   * The article's slow mode when it is on: the INSERT itself then refuses the post (SQLSTATE
   * PA429) if the author's latest comment there, read under a lock, is more recent than that.
   */
  slowModeSeconds?: number;
}

export interface Viewer {
  id: string;
  staff: boolean;
}

/**
 * A comment is shown in its list when it is visible, or a placeholder: deleted/removed with
 * shown replies. `reply_count` counts shown direct replies, so that a chain of placeholders
 * still leads readers to the visible replies below it.
 */
export function isShown(status: CommentStatusName, replyCount: number): boolean {
  return status === 'visible' || ((status === 'deleted' || status === 'removed') && replyCount > 0);
}

/** The rule of the store's page queries, for one comment already read. */
export function canSee(comment: CommentRecord, viewer: Viewer | undefined): boolean {
  if (comment.status === 'visible') return true;
  if (comment.status === 'pending')
    return !!viewer && (viewer.staff || viewer.id === comment.authorId);
  return comment.replyCount > 0;
}

export function isUuid(value: string): boolean {
  return isUUID(value);
}
