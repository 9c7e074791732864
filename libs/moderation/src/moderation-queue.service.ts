import { Injectable } from '@nestjs/common';
import { CommentModerationService, QueueQuery } from '@parley/threads';
import type { ModeratedCommentPage } from './moderated-comment';
import { ModeratedCommentPresenter } from './moderated-comment-presenter.service';

export type QueueType = 'pending' | 'reported';

/**
 * The two work queues, oldest first: `pending` (pre-moderated or held by a banned word) and
 * `reported` (open reports, ordered by the first of them). Read straight from the comment rows,
 * so a decision drops the comment from its queue on the next request.
 */
@Injectable()
export class ModerationQueueService {
  constructor(
    private readonly comments: CommentModerationService,
    private readonly presenter: ModeratedCommentPresenter,
  ) {}

  async list(type: QueueType, query: QueueQuery): Promise<ModeratedCommentPage> {
    if (type === 'reported') {
      const page = await this.comments.listReported(query);
      return { items: await this.presenter.withAuthors(page.items), nextCursor: page.nextCursor };
    }
    const page = await this.comments.listPending(query);
    const items = await this.presenter.withAuthors(await this.comments.withReports(page.items));
    return { items, nextCursor: page.nextCursor };
  }
}
