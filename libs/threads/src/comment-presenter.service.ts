import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import { AppConfig } from '@parley/config';
import type { AuthUser } from '@parley/identity';
import { CommentLikeStore } from './comment-like.store';
import type { CommentRecord, Viewer } from './comment-record';
import type { Badge, PublicComment } from './public-comment';

type Profile = { id: string; displayName: string; role: string };

interface CachedAuthor {
  profile: Profile | undefined;
  subscriber: boolean;
  expiresAt: number;
}

// Bounds the author cache's memory whatever the number of authors read.
const MAX_CACHED_AUTHORS = 20_000;

/**
 * Turns comment rows into views in a fixed number of queries, whatever the page size: the
 * authors with their subscriber badges (one statement) and the viewer's likes, each for the whole
 * page at once.
 *
 * Authors' public profiles and badges are kept in process for CACHE_TTL_MS (the anonymous page
 * cache's bound, which already lets a cached page show a name or badge that long after it
 * changed): a renamed, erased or lapsed author shows as before for at most that long on signed-in
 * pages too. CACHE_TTL_MS=0 reads them for every page.
 */
@Injectable()
export class CommentPresenter {
  private readonly ttlMs: number;
  private readonly authors = new Map<string, CachedAuthor>();

  constructor(
    private readonly likes: CommentLikeStore,
    private readonly entitlements: EntitlementService,
    { values }: AppConfig,
  ) {
    this.ttlMs = values.CACHE_TTL_MS;
  }

  /** `liked`: the viewer's likes among `rows` when the caller already read them. */
  async present(
    rows: CommentRecord[],
    viewer: Viewer | undefined,
    liked?: Set<string>,
  ): Promise<PublicComment[]> {
    const shown = rows.filter((row) => !isPlaceholder(row));
    const authorIds = [...new Set(shown.map((row) => row.authorId))];
    const [authors, likes] = await Promise.all([
      this.authorsOf(authorIds),
      liked ?? this.likedBy(viewer, rows),
    ]);
    return rows.map((row) => {
      const author = authors.get(row.authorId);
      return toView(row, author?.profile, author?.subscriber ?? false, likes);
    });
  }

  /**
   * The author of a write, from what the write read anyway (the account on its token, fresh on
   * every write, and the badge read with the entitlement), so that its answer needs no query; kept
   * for the pages too: a new subscriber sees their badge on their next post.
   */
  authorOf(user: Pick<AuthUser, 'id' | 'displayName' | 'role'>, subscriber: boolean): CachedAuthor {
    const author = {
      profile: { id: user.id, displayName: user.displayName, role: user.role },
      subscriber,
      expiresAt: Date.now() + this.ttlMs,
    };
    if (this.ttlMs > 0) this.remember(user.id, author);
    return author;
  }

  /**
   * A comment just written, by `author` (from authorOf()): nobody has liked it yet, so this runs
   * no query at all, and a committed comment is not answered with an error.
   */
  presentNew(row: CommentRecord, author: CachedAuthor): PublicComment {
    return toView(row, author.profile, author.subscriber, new Set());
  }

  private async authorsOf(ids: string[]): Promise<Map<string, CachedAuthor>> {
    const now = Date.now();
    const found = new Map<string, CachedAuthor>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.authors.get(id);
      if (cached && cached.expiresAt > now) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const read = await this.entitlements.authorsWithBadges(missing);
    for (const id of missing) {
      const fresh = read.get(id);
      const author = {
        profile: fresh?.profile,
        subscriber: fresh?.subscriber ?? false,
        expiresAt: now + this.ttlMs,
      };
      found.set(id, author);
      if (this.ttlMs > 0) this.remember(id, author);
    }
    return found;
  }

  private remember(id: string, author: CachedAuthor): void {
    this.authors.delete(id);
    this.authors.set(id, author);
    // Oldest first (a Map iterates in insertion order) until the cache fits again.
    for (const oldId of this.authors.keys()) {
      if (this.authors.size <= MAX_CACHED_AUTHORS) break;
      this.authors.delete(oldId);
    }
  }

  async presentOne(row: CommentRecord, viewer: Viewer | undefined): Promise<PublicComment> {
    return (await this.present([row], viewer))[0];
  }

  private async likedBy(viewer: Viewer | undefined, rows: CommentRecord[]): Promise<Set<string>> {
    if (!viewer || rows.length === 0) return new Set();
    return this.likes.likedAmong(
      viewer.id,
      rows.map((row) => row.id),
    );
  }
}

function isPlaceholder(row: CommentRecord): boolean {
  return row.status === 'deleted' || row.status === 'removed';
}

function badgeOf(profile: Profile, subscriber: boolean): Badge {
  if (profile.role === 'moderator' || profile.role === 'admin') return 'staff';
  return subscriber ? 'subscriber' : null;
}

function toView(
  row: CommentRecord,
  profile: Profile | undefined,
  subscriber: boolean,
  liked: Set<string>,
): PublicComment {
  const hidden = isPlaceholder(row);
  return {
    id: row.id,
    articleId: row.articleId,
    parentId: row.parentId,
    depth: row.depth,
    author:
      hidden || !profile
        ? null
        : {
            id: profile.id,
            displayName: profile.displayName,
            badge: badgeOf(profile, subscriber),
          },
    body: hidden ? null : row.body,
    status: row.status,
    createdAt: row.createdAt,
    editedAt: hidden ? null : row.editedAt,
    likeCount: row.likeCount,
    replyCount: row.replyCount,
    likedByMe: liked.has(row.id),
    pinned: row.pinned,
  };
}
