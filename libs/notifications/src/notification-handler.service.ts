import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { MailTemplates, MailTransport, TemplateVars } from '@parley/mail';
import { UsersService } from '@parley/identity';
import { ClaimedMessage, OutboxHandler, PermanentDeliveryError } from '@parley/outbox';
import {
  ArticlesService,
  CommentModerationService,
  CommentNotificationsService,
  NOTIFICATION_CHANNEL,
  RejectionNotice,
  ReplyNotice,
} from '@parley/threads';
import { NotificationKind } from './notification-kinds';
import { readRejectionNotice, readReplyNotice } from './notice-payload';
import { NotificationPreferenceStore } from './notification-preference.store';
import { UnsubscribeTokens } from './unsubscribe-tokens.service';

/** Replies quoted in one mail; a busier batch says how many more there are, with the link. */
const REPLIES_PER_MAIL = 20;

const REJECTION_LABELS: Record<string, string> = {
  abuse: 'abusive',
  harassment: 'harassment',
  spam: 'spam',
  off_topic: 'off topic',
  misinformation: 'misinformation',
  illegal: 'illegal content',
  other: 'other',
};

type Recipient = { id: string; email: string; displayName: string };

/**
 * Composes and sends `notification` outbox messages when they come due. Everything is decided
 * here, off the posting path: nothing goes to an erased or unverified account or to one that
 * turned the kind off (the message then counts as handled), and every mail carries RFC 8058
 * one-click unsubscribe headers for its kind.
 */
@Injectable()
export class NotificationHandler implements OutboxHandler {
  readonly channel = NOTIFICATION_CHANNEL;

  constructor(
    private readonly users: UsersService,
    private readonly preferences: NotificationPreferenceStore,
    private readonly comments: CommentNotificationsService,
    private readonly moderation: CommentModerationService,
    private readonly articles: ArticlesService,
    private readonly templates: MailTemplates,
    private readonly transport: MailTransport,
    private readonly unsubscribe: UnsubscribeTokens,
    private readonly config: AppConfig,
  ) {}

  async handle(message: ClaimedMessage): Promise<void> {
    const notice =
      message.kind === 'reply'
        ? readReplyNotice(message.payload)
        : message.kind === 'comment-rejected'
          ? readRejectionNotice(message.payload)
          : undefined;
    if (notice === undefined)
      throw new PermanentDeliveryError(`unknown notification kind ${message.kind}`);
    if (notice === null)
      throw new PermanentDeliveryError(`unreadable ${message.kind} notification payload`);
    if ('recipientId' in notice) return this.reply(message, notice);
    return this.rejected(message, notice);
  }

  /**
   * Mails the replies whose notices this message takes (see CommentNotificationsService): each
   * reply once, whenever it became visible. A reader who takes no reply mail now still has the
   * notices taken, as skipped, so they never arrive later in a mail they did not ask for.
   */
  private async reply(message: ClaimedMessage, notice: ReplyNotice): Promise<void> {
    const recipient = await this.recipient(notice.recipientId, 'replies');
    const replies = await this.comments.takeReplies(message.id, notice, recipient !== null);
    if (!recipient || replies.length === 0) return;
    const quoted = replies.slice(0, REPLIES_PER_MAIL);
    const [article, authors] = await Promise.all([
      this.articles.get(notice.articleId),
      this.users.findPublicProfiles(quoted.map((reply) => reply.authorId)),
    ]);
    await this.send(message, recipient, 'replies', 'reply-notification', {
      articleTitle: article.title,
      articleLink: article.url ?? this.config.values.PUBLIC_APP_URL,
      replies: quoted.map((reply) => ({
        author: authors.get(reply.authorId)?.displayName ?? 'A reader',
        body: reply.body,
      })),
      moreReplies: replies.length > quoted.length ? replies.length - quoted.length : null,
    });
  }

  private async rejected(message: ClaimedMessage, notice: RejectionNotice): Promise<void> {
    const comment = await this.moderation.getComment(notice.commentId);
    const recipient = await this.recipient(comment.authorId, 'moderation');
    if (!recipient) return;
    const article = await this.articles.get(comment.articleId);
    const code = notice.code ?? 'other';
    await this.send(message, recipient, 'moderation', 'comment-rejected', {
      articleTitle: article.title,
      code,
      reasonLabel: REJECTION_LABELS[code] ?? code,
      body: comment.body,
    });
  }

  private async recipient(userId: string, kind: NotificationKind): Promise<Recipient | null> {
    const recipient = await this.users.findMailRecipient(userId);
    if (!recipient) return null;
    const preferences = await this.preferences.get(userId);
    return preferences[kind] ? recipient : null;
  }

  private async send(
    message: ClaimedMessage,
    recipient: Recipient,
    kind: NotificationKind,
    template: string,
    vars: TemplateVars,
  ): Promise<void> {
    const unsubscribeLink = this.unsubscribeUrl(recipient.id, kind);
    const rendered = this.templates.render(template, {
      appUrl: this.config.values.PUBLIC_APP_URL,
      displayName: recipient.displayName,
      unsubscribeLink,
      ...vars,
    });
    await this.transport.send({
      id: message.id,
      to: recipient.email,
      ...rendered,
      headers: {
        'List-Unsubscribe': `<${unsubscribeLink}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  }

  private unsubscribeUrl(userId: string, kind: NotificationKind): string {
    const base = (this.config.values.PUBLIC_API_URL ?? this.config.values.PUBLIC_APP_URL).replace(
      /\/*$/,
      '/',
    );
    const url = new URL('api/v1/notifications/unsubscribe', base);
    url.searchParams.set('token', this.unsubscribe.issue(userId, kind));
    return url.toString();
  }
}
