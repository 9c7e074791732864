import { Module } from '@nestjs/common';
import { IdentityModule } from '@parley/identity';
import { MailModule } from '@parley/mail';
import { OutboxModule } from '@parley/outbox';
import { ThreadsModule } from '@parley/threads';
import { NotificationHandler } from './notification-handler.service';
import { NotificationPreferenceStore } from './notification-preference.store';
import { NotificationSettingsService } from './notification-settings.service';
import { UnsubscribeTokens } from './unsubscribe-tokens.service';

@Module({
  imports: [IdentityModule, ThreadsModule, MailModule, OutboxModule],
  providers: [
    NotificationPreferenceStore,
    NotificationSettingsService,
    NotificationHandler,
    UnsubscribeTokens,
  ],
  exports: [NotificationSettingsService, NotificationHandler],
})
export class NotificationsModule {}
