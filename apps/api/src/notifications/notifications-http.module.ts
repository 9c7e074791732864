import { Module } from '@nestjs/common';
import { MailHandler, MailModule } from '@parley/mail';
import { NotificationHandler, NotificationsModule } from '@parley/notifications';
import { OUTBOX_HANDLERS, OutboxHandler, OutboxModule, OutboxWorker } from '@parley/outbox';
import { NotificationsController } from './notifications.controller';

/**
 * Notification settings over HTTP, and the outbox worker with the handler of each channel:
 * `mail` (ready messages: verification, reset, change of address) and `notification` (replies
 * and moderation decisions, composed when due).
 */
@Module({
  imports: [OutboxModule, MailModule, NotificationsModule],
  controllers: [NotificationsController],
  providers: [
    OutboxWorker,
    {
      provide: OUTBOX_HANDLERS,
      inject: [MailHandler, NotificationHandler],
      useFactory: (mail: MailHandler, notifications: NotificationHandler): OutboxHandler[] => [
        mail,
        notifications,
      ],
    },
  ],
})
export class NotificationsHttpModule {}
