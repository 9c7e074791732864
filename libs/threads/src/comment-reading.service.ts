import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import type { AuthUser } from '@parley/identity';
import { isStaff } from '@parley/identity';
import {
  AnonymousPageCache,
  anonymousPageVariant,
  RenderedPage,
} from './anonymous-page-cache.service';
import { isArticleId } from './article-input';
import { CursorKind, decodeCursor, encodeCursor } from '@parley/cursor';
import { canSee, CommentRecord, CommentSort, Viewer } from './comment-record';
import { CommentPresenter } from './comment-presenter.service';
import { CommentStore } from './comment.store';
import { likeMarkOffsets, markLiked } from './liked-marks';
import type { CommentPage, PublicComment } from './public-comment';

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
  /** Offsets of each cached page's like marks (see liked-marks.ts), found once per page. */
  private readonly likeMarksOf = new WeakMap<RenderedPage, number[] | null>();

  constructor(
    private readonly store: CommentStore,
    private readonly presenter: CommentPresenter,
    private readonly anonymousPages: AnonymousPageCache,
  ) {}

  /**
   * `list`, rendered by the caller. A first page comes from the anonymous cache (identical for
   * every reader who is not signed in); a signed-in reader who is not staff gets that page with
   * their own likes marked, unless they have a comment waiting for moderation on the article
   * (which only they see, in its place: then the page is built for them, as are staff's pages
   * and later pages).
   */
  async listRendered(
    articleId: string,
    sort: CommentSort,
    query: PageQuery,
    user: AuthUser | undefined,
    render: (page: CommentPage) => string,
  ): Promise<string> {
    const build = async () => render(await this.list(articleId, sort, query, user));
    if (query.cursor !== undefined || (user && (isStaff(user) || !this.anonymousPages.enabled)))
      return build();
    const anonymous = await this.anonymousPages.get(
      articleId,
      anonymousPageVariant(sort, query.limit),
      async () => {
        const page = await this.list(articleId, sort, query);
        return { page, body: render(page) };
      },
    );
    if (!user) return anonymous.body;
    const own = await this.store.viewerOnPage(
      articleId,
      user.id,
      anonymous.page.items.map((item) => item.id),
    );
    if (own.pending) return build();
    if (own.liked.size === 0) return anonymous.body;
    const offsets = this.likeMarks(anonymous);
    if (offsets) return markLiked(anonymous.body, offsets, anonymous.page.items, own.liked);
    return render({
      ...anonymous.page,
      items: anonymous.page.items.map((item) =>
        own.liked.has(item.id) ? { ...item, likedByMe: true } : item,
      ),
    });
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
    const records = await this.store.pageOfArticle(articleId, sort, position, query.limit, viewer);
    if (!records) throw new DomainError('article_not_found', 'No such article');
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
    const rows = await this.store.replies(commentId, position, query.limit, viewer);
    return this.page(
      rows.slice(0, query.limit),
      rows.length > query.limit ? rows[query.limit - 1] : undefined,
      'replies',
      viewer,
    );
  }

  async one(commentId: string, user?: AuthUser): Promise<PublicComment> {
    const viewer = viewerOf(user);
    return this.presenter.presentOne(await this.getVisible(commentId, viewer), viewer);
  }

  /** A comment's article (it never changes), null for an unknown id: what its reads depend on. */
  async articleOf(commentId: string): Promise<string | null> {
    return (await this.store.find(commentId))?.articleId ?? null;
  }

  async getVisible(commentId: string, viewer: Viewer | undefined): Promise<CommentRecord> {
    const comment = await this.store.find(commentId);
    if (!comment || !canSee(comment, viewer))
      throw new DomainError('comment_not_found', 'No such comment');
    return comment;
  }

  private likeMarks(rendered: RenderedPage): number[] | null {
    let offsets = this.likeMarksOf.get(rendered);
    if (offsets === undefined) {
      offsets = likeMarkOffsets(rendered.body, rendered.page.items.length);
      this.likeMarksOf.set(rendered, offsets);
    }
    return offsets;
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
