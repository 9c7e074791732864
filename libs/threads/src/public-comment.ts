import type { CommentStatusName } from './comment-record';

export type Badge = 'staff' | 'subscriber' | null;

/**
 * A comment as the public API shows it (the app's CommentView DTO is its HTTP form); moderators
 * see ModeratedComment instead.
 */
export interface PublicComment {
  id: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  author: { id: string; displayName: string; badge: Badge } | null;
  body: string | null;
  status: CommentStatusName;
  createdAt: Date;
  editedAt: Date | null;
  likeCount: number;
  replyCount: number;
  likedByMe: boolean;
  pinned: boolean;
}

/** A comment anonymous readers no longer see: its id and place, nothing of its text or author. */
export function hiddenComment(view: PublicComment): PublicComment {
  return { ...view, author: null, body: null, editedAt: null };
}

export interface CommentPage {
  items: PublicComment[];
  nextCursor: string | null;
}
