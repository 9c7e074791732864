import { Injectable } from '@nestjs/common';
import { EntitlementService } from '@parley/billing';
import { PrismaService } from '@parley/database';
import { UsersService } from '@parley/identity';
import type { CommentRecord, Viewer } from './comment-record';
import type { Badge, CommentView } from './comment-view';

type Profile = { id: string; displayName: string; role: string };

export interface Author {
  profile: Profile | undefined;
  subscribers: Set<string>;
}

/**
 * Turns comment rows into views in a fixed number of queries, whatever the page size: authors,
 * subscriber badges and the viewer's likes, each for the whole page at once.
 */
@Injectable()
export class CommentPresenter {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly entitlements: EntitlementService,
  ) {}

  async present(rows: CommentRecord[], viewer: Viewer | undefined): Promise<CommentView[]> {
    const shown = rows.filter((row) => !isPlaceholder(row));
    const authorIds = [...new Set(shown.map((row) => row.authorId))];
    const [profiles, subscribers, liked] = await Promise.all([
      this.users.findPublicProfiles(authorIds),
      authorIds.length > 0
        ? this.entitlements.activeSubscriberIds(authorIds)
        : Promise.resolve(new Set<string>()),
      this.likedBy(viewer, rows),
    ]);
    return rows.map((row) => toView(row, profiles.get(row.authorId), subscribers, liked));
  }

  async presentOne(row: CommentRecord, viewer: Viewer | undefined): Promise<CommentView> {
    return (await this.present([row], viewer))[0];
  }

  /** An author's profile and badge, read before a write so that its answer needs no query. */
  async author(userId: string): Promise<Author> {
    const [profiles, subscribers] = await Promise.all([
      this.users.findPublicProfiles([userId]),
      this.entitlements.activeSubscriberIds([userId]),
    ]);
    return { profile: profiles.get(userId), subscribers };
  }

  /**
   * A comment just written, by `author` (from author()): nobody has liked it yet, so this runs
   * no query at all, and a committed comment is not answered with an error.
   */
  presentNew(row: CommentRecord, author: Author): CommentView {
    return toView(row, author.profile, author.subscribers, new Set());
  }

  private async likedBy(viewer: Viewer | undefined, rows: CommentRecord[]): Promise<Set<string>> {
    if (!viewer || rows.length === 0) return new Set();
    const likes = await this.prisma.commentLike.findMany({
      where: { userId: viewer.id, commentId: { in: rows.map((row) => row.id) } },
      select: { commentId: true },
    });
    return new Set(likes.map((like) => like.commentId));
  }
}

function isPlaceholder(row: CommentRecord): boolean {
  return row.status === 'deleted' || row.status === 'removed';
}

function badgeOf(profile: Profile, subscribers: Set<string>): Badge {
  if (profile.role === 'moderator' || profile.role === 'admin') return 'staff';
  return subscribers.has(profile.id) ? 'subscriber' : null;
}

function toView(
  row: CommentRecord,
  profile: Profile | undefined,
  subscribers: Set<string>,
  liked: Set<string>,
): CommentView {
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
            badge: badgeOf(profile, subscribers),
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
