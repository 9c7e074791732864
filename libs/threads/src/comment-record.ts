import { Prisma } from '@parley/database';
import { isUUID } from 'class-validator';

export type CommentStatusName = 'visible' | 'pending' | 'deleted' | 'removed';

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
}

/** The columns of a CommentRecord, for raw queries on `comments c`. */
export const COMMENT_COLUMNS = Prisma.sql`c.id::text AS "id", c.article_id AS "articleId", c.parent_id::text AS "parentId",
  c.depth, c.author_id::text AS "authorId", c.body, c.status::text AS "status", c.pinned, c.like_count AS "likeCount",
  c.reply_count AS "replyCount", c.open_report_count AS "openReportCount", c.reported_at AS "reportedAt",
  c.created_at AS "createdAt", c.edited_at AS "editedAt"`;

export interface Viewer {
  id: string;
  staff: boolean;
}

/**
 * Which comments a viewer sees: visible ones; deleted or removed ones while they have shown
 * replies (as placeholders, see isShown); pending ones only by their author and staff.
 */
export function visibleTo(viewer: Viewer | undefined): Prisma.Sql {
  const open = Prisma.sql`c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0)`;
  if (!viewer) return Prisma.sql`(${open})`;
  if (viewer.staff) return Prisma.sql`(${open} OR c.status = 'pending')`;
  return Prisma.sql`(${open} OR (c.status = 'pending' AND c.author_id = ${viewer.id}::uuid))`;
}

export function canSee(comment: CommentRecord, viewer: Viewer | undefined): boolean {
  if (comment.status === 'visible') return true;
  if (comment.status === 'pending')
    return !!viewer && (viewer.staff || viewer.id === comment.authorId);
  return comment.replyCount > 0;
}

export function isUuid(value: string): boolean {
  return isUUID(value);
}
