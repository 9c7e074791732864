import { Injectable } from '@nestjs/common';
import type { LiveEvent } from '@parley/live';
import { CommentPresenter } from './comment-presenter.service';
import { canSee } from './comment-record';
import { CommentStore } from './comment.store';
import { hiddenComment } from './public-comment';

/** The events whose data is a comment in the list's shape (see CommentLiveEvents). */
const COMMENT_EVENTS = new Set(['comment', 'comment_updated']);

/**
 * The history a resumption replays, shown as anonymous lists show it now rather than as it was
 * published: the history keeps each event's data as it went out, and a reader resuming from an
 * early id must not read the text or author of a comment since removed, deleted, erased or held,
 * nor the earlier text of an edited one. Each comment event carries its comment as it is now
 * (hidden when no longer visible, as CommentLiveEvents sends one that leaves public view); one
 * that no longer exists is left out. Ids and order stay, so the resumption stays exact. A batch
 * costs one read of its comments and one presentation, whatever its length.
 */
@Injectable()
export class CommentLiveReplay {
  constructor(
    private readonly comments: CommentStore,
    private readonly presenter: CommentPresenter,
  ) {}

  async asNow(articleId: string, events: LiveEvent[]): Promise<LiveEvent[]> {
    const commentIds = new Map(events.map((event) => [event, commentIdOf(event)]));
    const ids = new Set([...commentIds.values()].filter((id) => id !== null));
    // Neither runs a statement for a batch without comment events. Only the article's own
    // comments: an event filed under another article shows nothing.
    const rows = (await this.comments.findMany([...ids])).filter(
      (row) => row.articleId === articleId,
    );
    const views = await this.presenter.present(rows, undefined);
    const current = new Map(
      rows.map((row, i) => [
        row.id,
        JSON.stringify(canSee(row, undefined) ? views[i] : hiddenComment(views[i])),
      ]),
    );
    return events.flatMap((event) => {
      if (!COMMENT_EVENTS.has(event.event)) return [event];
      const data = current.get(commentIds.get(event) ?? '');
      return data === undefined ? [] : [{ ...event, data }];
    });
  }
}

/** The comment a comment event carries; null for other events (and a comment event without one). */
function commentIdOf(event: LiveEvent): string | null {
  if (!COMMENT_EVENTS.has(event.event)) return null;
  try {
    const { id } = JSON.parse(event.data) as { id?: unknown };
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
