import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { Tx } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { NoticedReply, ReplyNoticeStore } from './reply-notice.store';

/** The outbox channel of the notifications that comments cause (handled by libs/notifications). */
export const NOTIFICATION_CHANNEL = 'notification';

/** `reply`: mail the recipient the replies waiting for them on one article (their notices). */
export interface ReplyNotice {
  recipientId: string;
  articleId: string;
}

/** `comment-rejected`: a moderator removed the recipient's comment, with this code. */
export interface RejectionNotice {
  commentId: string;
  code: string | null;
}

/**
 * What comments tell their authors by mail: queued in the transaction of the reply or the
 * decision, read back by the notification worker when it composes the mail. A visible reply
 * writes its notice and an outbox message (the trigger, folded per reader and article), nothing
 * else on the posting path.
 */
@Injectable()
export class CommentNotificationsService {
  constructor(
    private readonly notices: ReplyNoticeStore,
    private readonly outbox: OutboxStore,
    private readonly config: AppConfig,
  ) {}

  /**
   * A reply that became visible (posted, or approved) to someone else's comment. Its notice waits
   * for the next mail to that reader about the article: one pending message per reader and
   * article (dedupe key), due at once and at least REPLY_NOTIFICATION_WINDOW_SECONDS after the
   * previous mail of that key, so at most one mail per thread per window, batching the replies.
   */
  async replied(
    tx: Tx,
    reply: { id: string; authorId: string; articleId: string },
    parentAuthorId: string,
  ): Promise<void> {
    if (parentAuthorId === reply.authorId) return;
    await this.notices.record(tx, {
      replyId: reply.id,
      recipientId: parentAuthorId,
      articleId: reply.articleId,
    });
    const notice: ReplyNotice = { recipientId: parentAuthorId, articleId: reply.articleId };
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
    tx: Tx,
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
   * The replies that message `mailId` mails: it takes the notices waiting for the reader on the
   * article (and those it took on an earlier attempt), each reply in exactly one message. Replies
   * no longer visible are not returned and their notices are marked skipped; with `deliverable`
   * false (the reader takes no reply mail now) all are, so they are not mailed later.
   */
  takeReplies(mailId: string, notice: ReplyNotice, deliverable: boolean): Promise<NoticedReply[]> {
    return this.notices.claim(mailId, notice.recipientId, notice.articleId, deliverable);
  }

  /** Erasure: the notices the account would receive and those its replies caused. */
  forgetUser(tx: Tx, userId: string): Promise<void> {
    return this.notices.forgetUser(tx, userId);
  }
}
