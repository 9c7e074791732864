import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Coalescer, LivePublisher, NewLiveEvent } from '@parley/live';
import { ArticleStore } from './article.store';
import { CommentPresenter } from './comment-presenter.service';
import { CommentRecord, CommentStatusName, isShown } from './comment-record';
import { CommentStore } from './comment.store';
import { hiddenComment, PublicComment } from './public-comment';

/**
 * What a committed change did to one comment, as CommentChanges records it: `created` (a new
 * comment), `moved` (its status changed, from `previous`), `edited`, `pinned`, `liked` (its like
 * count), `replies` (its count of shown replies, which can make a placeholder appear or go).
 */
export interface CommentTouch {
  articleId: string;
  commentId: string;
  kind: 'created' | 'moved' | 'edited' | 'pinned' | 'liked' | 'replies';
  previous?: CommentStatusName;
  /** The comment as the change left it, when the change has it (saves reading it again). */
  row?: CommentRecord;
}

/**
 * Turns committed changes into the live events of their articles, as anonymous readers may see
 * them: reads the comments as they are now and shows them with CommentPresenter (the list's
 * shape, no viewer). `comment` for a comment that became visible (posted, or approved),
 * `comment_updated` for any other change to a comment that anonymous readers see or saw, and
 * `count` when the article's comment count may have moved. Pending comments never appear: one
 * that was visible (an edit that holds it) goes out without its text, as hidden.
 */
/** Like counts go out at most once per comment per this long (per instance). */
const LIKE_EVENT_INTERVAL_MS = 1_000;
/** An article's `count` goes out at most once per this long (per instance). */
const COUNT_EVENT_INTERVAL_MS = 1_000;

@Injectable()
export class CommentLiveEvents implements OnModuleDestroy {
  private readonly likes = new Coalescer(LIKE_EVENT_INTERVAL_MS);
  private readonly counts = new Coalescer(COUNT_EVENT_INTERVAL_MS);

  constructor(
    private readonly comments: CommentStore,
    private readonly articles: ArticleStore,
    private readonly presenter: CommentPresenter,
    private readonly live: LivePublisher,
  ) {}

  /**
   * A like or unlike, with the comment as its statement left it: the first of a second goes out
   * at once with that row, later ones fold into one event at the end of that second, which reads
   * the count as it is then (a popular comment does not flood readers).
   */
  async liked(row: CommentRecord): Promise<void> {
    const touch: CommentTouch = { articleId: row.articleId, commentId: row.id, kind: 'liked' };
    if (this.likes.dueNow(row.id, () => this.publish([touch])))
      await this.publish([{ ...touch, row }]);
  }

  /** Deferred like and count events go out as the instance stops (best effort: a failure is dropped). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.likes.flush(), this.counts.flush()]);
  }

  /** Article-only changes (no comment named) publish the count alone. */
  async publish(touches: CommentTouch[], articleIds: Iterable<string> = []): Promise<void> {
    const byArticle = new Map<string, CommentTouch[]>();
    for (const id of articleIds) byArticle.set(id, byArticle.get(id) ?? []);
    for (const touch of touches)
      byArticle.set(touch.articleId, [...(byArticle.get(touch.articleId) ?? []), touch]);
    if (byArticle.size === 0) return;
    // A comment changed again later in the same transaction is read again: only a lone known
    // row (a new comment, a like's) is taken as it is.
    const known = new Map<string, CommentRecord>();
    for (const touch of touches) {
      if (touch.row && touches.filter((t) => t.commentId === touch.commentId).length === 1)
        known.set(touch.commentId, touch.row);
    }
    const missing = [...new Set(touches.map((t) => t.commentId))].filter((id) => !known.has(id));
    const rows = [...known.values(), ...(await this.comments.findMany(missing))];
    const views = new Map(
      (await this.presenter.present(rows, undefined)).map((view) => [view.id, view]),
    );
    const records = new Map(rows.map((row) => [row.id, row]));
    await Promise.all(
      [...byArticle].map(async ([articleId, own]) => {
        const events = eventsOf(own, records, views);
        // The count goes with the change's events when none went out in the last second; a burst
        // of posts to one article reads and sends it once more at the second's end instead of
        // with every post.
        const countMoved =
          own.length === 0 || own.some((t) => movesCount(t, records.get(t.commentId)));
        if (countMoved && this.counts.dueNow(articleId, () => this.publishCount(articleId))) {
          const count = await this.countEvent(articleId);
          if (count) events.push(count);
        }
        await this.live.publish(articleId, events);
      }),
    );
  }

  private async publishCount(articleId: string): Promise<void> {
    const count = await this.countEvent(articleId);
    if (count) await this.live.publish(articleId, [count]);
  }

  /** The article's count as it is now (none for an article that no longer exists). */
  private async countEvent(articleId: string): Promise<NewLiveEvent | null> {
    const article = await this.articles.find(articleId);
    return article ? { event: 'count', data: { commentCount: article.commentCount } } : null;
  }
}

function eventsOf(
  touches: CommentTouch[],
  records: Map<string, CommentRecord>,
  views: Map<string, PublicComment>,
): NewLiveEvent[] {
  const byComment = new Map<string, CommentTouch[]>();
  for (const touch of touches)
    byComment.set(touch.commentId, [...(byComment.get(touch.commentId) ?? []), touch]);
  const events: NewLiveEvent[] = [];
  for (const [commentId, own] of byComment) {
    const row = records.get(commentId);
    const view = views.get(commentId);
    if (!row || !view) continue;
    const wasVisible = own.some((t) => t.kind === 'moved' && t.previous === 'visible');
    const becameVisible =
      row.status === 'visible' &&
      own.some((t) => t.kind === 'created' || (t.kind === 'moved' && t.previous === 'pending'));
    if (becameVisible) events.push({ event: 'comment', data: view });
    else if (
      row.status !== 'pending' &&
      (isShown(row.status, row.replyCount) || own.some(wasShownBefore))
    )
      events.push({ event: 'comment_updated', data: view });
    else if (wasVisible) events.push({ event: 'comment_updated', data: hiddenComment(view) });
  }
  return events;
}

/** Whether the change can move the article's count (of visible comments). */
function movesCount(touch: CommentTouch, row: CommentRecord | undefined): boolean {
  if (touch.kind === 'created') return row?.status === 'visible';
  return touch.kind === 'moved' && (touch.previous === 'visible' || row?.status === 'visible');
}

/** A placeholder or a visible comment before this change (a reader may have it on screen). */
function wasShownBefore(touch: CommentTouch): boolean {
  return touch.kind === 'replies' || (touch.kind === 'moved' && touch.previous !== 'pending');
}
