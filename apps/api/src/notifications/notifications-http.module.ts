import { Module } from '@nestjs/common';
import { IdentityModule, PasswordResetService } from '@parley/identity';
import { MailHandler, MailModule } from '@parley/mail';
import { NotificationHandler, NotificationsModule } from '@parley/notifications';
import { OUTBOX_HANDLERS, OutboxHandler, OutboxModule, OutboxWorker } from '@parley/outbox';
import { ArticleChangedHandler, CdnPurgeHandler, ThreadsModule } from '@parley/threads';
import { WebhookDeliveryHandler, WebhooksModule } from '@parley/webhooks';
import { NotificationsController } from './notifications.controller';

/**
 * Notification settings over HTTP, and the outbox worker with the handler of each channel:
 * `mail` (ready messages: verification, reset, change of address), `notification` (replies
 * and moderation decisions, composed when due) and `account` (password-reset requests, which
 * identity completes off the request path), and `webhook` (publisher webhooks), `cdn-purge` and
 * `article-changed` (an article's change: its CDN purge, its `article.changed` event).
 */
@Module({
  imports: [
    OutboxModule,
    MailModule,
    NotificationsModule,
    IdentityModule,
    WebhooksModule,
    ThreadsModule,
  ],
  controllers: [NotificationsController],
  providers: [
    OutboxWorker,
    {
      provide: OUTBOX_HANDLERS,
      inject: [
        MailHandler,
        NotificationHandler,
        PasswordResetService,
        WebhookDeliveryHandler,
        CdnPurgeHandler,
        ArticleChangedHandler,
      ],
      useFactory: (
        mail: MailHandler,
        notifications: NotificationHandler,
        resets: PasswordResetService,
        webhooks: WebhookDeliveryHandler,
        purges: CdnPurgeHandler,
        articleChanges: ArticleChangedHandler,
      ): OutboxHandler[] => [mail, notifications, resets, webhooks, purges, articleChanges],
    },
  ],
})
export class NotificationsHttpModule {}
