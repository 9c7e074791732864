import { Injectable } from '@nestjs/common';
import { Prisma, SqlClient } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { isStaff } from '@parley/identity';
import { AnonymousPageCache } from './anonymous-page-cache.service';
import { isArticleId } from './article-input';
import { CursorKind, decodeCursor, encodeCursor } from '@parley/cursor';
import { canSee, COMMENT_COLUMNS, CommentRecord, Viewer, visibleTo } from './comment-record';
import { CommentPresenter } from './comment-presenter.service';
import { CommentStore } from './comment-store.service';
import type { CommentPage, CommentView } from './comment-view';

export type CommentSort = 'newest' | 'oldest' | 'top';
export const MAX_PINNED_SHOWN = 20;

export interface PageQuery {
  cursor?: string;
  limit: number;
}

export function viewerOf(user: AuthUser | undefined): Viewer | undefined {
  return user ? { id: user.id, staff: isStaff(user) } : undefined;
}

/**
 * The public reads. Every page is one keyset query on an index (page 200 costs what page 1
 * costs) plus the presenter's fixed number of queries.
 */
@Injectable()
export class CommentReadingService {
  constructor(
    private readonly sql: SqlClient,
    private readonly store: CommentStore,
    private readonly presenter: CommentPresenter,
    private readonly anonymousPages: AnonymousPageCache,
  ) {}

  /**
   * `list`, rendered by the caller: first pages for anonymous readers come from the cache
   * (identical for every such reader); signed-in readers and later pages are always built.
   */
  async listRendered(
    articleId: string,
    sort: CommentSort,
    query: PageQuery,
    user: AuthUser | undefined,
    render: (page: CommentPage) => string,
  ): Promise<string> {
    const load = async () => render(await this.list(articleId, sort, query, user));
    if (user || query.cursor !== undefined) return load();
    return this.anonymousPages.get(articleId, `${sort}:${query.limit}`, load);
  }

  /** Top-level comments; pinned ones first on the first page (and never on later ones). */
  async list(
    articleId: string,
    sort: CommentSort,
    query: PageQuery,
    user?: AuthUser,
  ): Promise<CommentPage> {
    const position = query.cursor !== undefined ? decodeCursor(sort, query.cursor) : undefined;
    if (!isArticleId(articleId)) throw new DomainError('article_not_found', 'No such article');
    const viewer = viewerOf(user);
    const where = Prisma.sql`c.article_id = ${articleId} AND c.parent_id IS NULL AND NOT c.pinned AND ${visibleTo(viewer)}`;
    const after = position ? keysetAfter(sort, position) : Prisma.sql`TRUE`;
    const page = Prisma.sql`SELECT 1 AS part, row_number() OVER (ORDER BY ${orderBy(sort)}) AS ord, ${COMMENT_COLUMNS}
      FROM comments c WHERE ${where} AND ${after} ORDER BY ${orderBy(sort)} LIMIT ${query.limit + 1}`;
    const parts = position
      ? page
      : Prisma.sql`(${this.pinnedSql(articleId, viewer)}) UNION ALL (${page})`;
    const liked = viewer
      ? Prisma.sql`EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = x.id::uuid AND l.user_id = ${viewer.id}::uuid)`
      : Prisma.sql`FALSE`;
    // One round trip: the article row (none: 404), the pinned comments on a first page, the page
    // itself and the viewer's likes on them.
    const found = await this.sql.query<PagedRecord | { part: null }>(Prisma.sql`
      SELECT x.*, ${liked} AS "likedByMe" FROM articles a LEFT JOIN LATERAL (${parts}) x ON true
      WHERE a.id = ${articleId} ORDER BY x.part, x.ord`);
    if (found.length === 0) throw new DomainError('article_not_found', 'No such article');
    const records = found.filter((row): row is PagedRecord => row.part !== null);
    const pinned = records.filter((row) => row.part === 0);
    const rows = records.filter((row) => row.part === 1);
    const likedIds = new Set(records.filter((row) => row.likedByMe).map((row) => row.id));
    return this.page(
      [...pinned, ...rows.slice(0, query.limit)],
      rows.length > query.limit ? rows[query.limit - 1] : undefined,
      sort,
      viewer,
      likedIds,
    );
  }

  /** Direct replies, oldest first. */
  async replies(commentId: string, query: PageQuery, user?: AuthUser): Promise<CommentPage> {
    const position = query.cursor !== undefined ? decodeCursor('replies', query.cursor) : undefined;
    const viewer = viewerOf(user);
    await this.getVisible(commentId, viewer);
    const after = position ? keysetAfter('oldest', position) : Prisma.sql`TRUE`;
    const rows = await this.sql.query<CommentRecord>(Prisma.sql`
      SELECT ${COMMENT_COLUMNS} FROM comments c WHERE c.parent_id = ${commentId}::uuid AND ${visibleTo(viewer)} AND ${after}
      ORDER BY c.created_at ASC, c.id ASC LIMIT ${query.limit + 1}`);
    return this.page(
      rows.slice(0, query.limit),
      rows.length > query.limit ? rows[query.limit - 1] : undefined,
      'replies',
      viewer,
    );
  }

  async one(commentId: string, user?: AuthUser): Promise<CommentView> {
    const viewer = viewerOf(user);
    return this.presenter.presentOne(await this.getVisible(commentId, viewer), viewer);
  }

  async getVisible(commentId: string, viewer: Viewer | undefined): Promise<CommentRecord> {
    const comment = await this.store.find(commentId);
    if (!comment || !canSee(comment, viewer))
      throw new DomainError('comment_not_found', 'No such comment');
    return comment;
  }

  private pinnedSql(articleId: string, viewer: Viewer | undefined): Prisma.Sql {
    return Prisma.sql`SELECT 0 AS part, row_number() OVER (ORDER BY c.created_at DESC, c.id DESC) AS ord, ${COMMENT_COLUMNS}
      FROM comments c WHERE c.article_id = ${articleId} AND c.pinned AND ${visibleTo(viewer)}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${MAX_PINNED_SHOWN}`;
  }

  private async page(
    rows: CommentRecord[],
    last: CommentRecord | undefined,
    kind: CursorKind,
    viewer: Viewer | undefined,
    liked?: Set<string>,
  ): Promise<CommentPage> {
    const nextCursor = last
      ? encodeCursor(kind, { at: last.createdAt, id: last.id, likes: last.likeCount })
      : null;
    return { items: await this.presenter.present(rows, viewer, liked), nextCursor };
  }
}

type PagedRecord = CommentRecord & { part: number; likedByMe: boolean };

function keysetAfter(sort: CommentSort, at: { at: Date; id: string; likes?: number }): Prisma.Sql {
  if (sort === 'oldest')
    return Prisma.sql`(c.created_at, c.id) > (${at.at}::timestamptz, ${at.id}::uuid)`;
  if (sort === 'newest')
    return Prisma.sql`(c.created_at, c.id) < (${at.at}::timestamptz, ${at.id}::uuid)`;
  return Prisma.sql`(c.like_count, c.created_at, c.id) < (${at.likes ?? 0}::int, ${at.at}::timestamptz, ${at.id}::uuid)`;
}

function orderBy(sort: CommentSort): Prisma.Sql {
  if (sort === 'oldest') return Prisma.sql`c.created_at ASC, c.id ASC`;
  if (sort === 'newest') return Prisma.sql`c.created_at DESC, c.id DESC`;
  return Prisma.sql`c.like_count DESC, c.created_at DESC, c.id DESC`;
}
