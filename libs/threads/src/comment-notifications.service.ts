import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { Prisma } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { CommentStore } from './comment.store';

/** The outbox channel of the notifications that comments cause (handled by libs/notifications). */
export const NOTIFICATION_CHANNEL = 'notification';

/** `reply`: replies by others to the recipient's comments on one article, since `since`. */
export interface ReplyNotice {
  recipientId: string;
  articleId: string;
  since: string;
}

/** `comment-rejected`: a moderator removed the recipient's comment, with this code. */
export interface RejectionNotice {
  commentId: string;
  code: string | null;
}

export interface ReplyDigestItem {
  id: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

/**
 * What comments tell their authors by mail: queued in the transaction of the reply or the
 * decision (one outbox row, nothing else on the posting path), read back by the notification
 * worker when it composes the mail.
 */
@Injectable()
export class CommentNotificationsService {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly comments: CommentStore,
    private readonly config: AppConfig,
  ) {}

  /**
   * A visible reply to someone else's comment. Replies to one reader on one article fold into
   * one pending row (dedupe key), due at once and at least REPLY_NOTIFICATION_WINDOW_SECONDS after
   * the previous mail of that key: at most one mail per thread per window, batching the replies.
   */
  async replied(
    tx: Prisma.TransactionClient,
    reply: { authorId: string; articleId: string; createdAt: Date },
    parentAuthorId: string,
  ): Promise<void> {
    if (parentAuthorId === reply.authorId) return;
    const notice: ReplyNotice = {
      recipientId: parentAuthorId,
      articleId: reply.articleId,
      since: reply.createdAt.toISOString(),
    };
    await this.outbox.enqueue(tx, {
      channel: NOTIFICATION_CHANNEL,
      kind: 'reply',
      userId: parentAuthorId,
      dedupeKey: `reply:${parentAuthorId}:${reply.articleId}`,
      spacingSeconds: this.config.values.REPLY_NOTIFICATION_WINDOW_SECONDS,
      payload: { ...notice },
    });
  }

  /** A moderator's rejection of a comment (queued in the decision's transaction). */
  async rejected(
    tx: Prisma.TransactionClient,
    comment: { id: string; authorId: string },
    code: string | null,
  ): Promise<void> {
    const notice: RejectionNotice = { commentId: comment.id, code };
    await this.outbox.enqueue(tx, {
      channel: NOTIFICATION_CHANNEL,
      kind: 'comment-rejected',
      userId: comment.authorId,
      payload: { ...notice },
    });
  }

  /**
   * Visible replies by others answering the recipient's comments on the article, created in
   * [since, until), oldest first (at most `limit`).
   */
  repliesTo(
    recipientId: string,
    articleId: string,
    since: Date,
    until: Date,
    limit: number,
  ): Promise<ReplyDigestItem[]> {
    return this.comments.repliesAnswering(recipientId, articleId, since, until, limit);
  }
}
