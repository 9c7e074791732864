import { Module } from '@nestjs/common';
import { IdentityModule, PasswordResetService } from '@parley/identity';
import { MailHandler, MailModule } from '@parley/mail';
import { NotificationHandler, NotificationsModule } from '@parley/notifications';
import { OUTBOX_HANDLERS, OutboxHandler, OutboxModule, OutboxWorker } from '@parley/outbox';
import { WebhookDeliveryHandler, WebhooksModule } from '@parley/webhooks';
import { NotificationsController } from './notifications.controller';

/**
 * Notification settings over HTTP, and the outbox worker with the handler of each channel:
 * `mail` (ready messages: verification, reset, change of address), `notification` (replies
 * and moderation decisions, composed when due) and `account` (password-reset requests, which
 * identity completes off the request path), and `webhook` (publisher webhooks).
 */
@Module({
  imports: [OutboxModule, MailModule, NotificationsModule, IdentityModule, WebhooksModule],
  controllers: [NotificationsController],
  providers: [
    OutboxWorker,
    {
      provide: OUTBOX_HANDLERS,
      inject: [MailHandler, NotificationHandler, PasswordResetService, WebhookDeliveryHandler],
      useFactory: (
        mail: MailHandler,
        notifications: NotificationHandler,
        resets: PasswordResetService,
        webhooks: WebhookDeliveryHandler,
      ): OutboxHandler[] => [mail, notifications, resets, webhooks],
    },
  ],
})
export class NotificationsHttpModule {}
