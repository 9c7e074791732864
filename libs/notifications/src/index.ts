export { NotificationsModule } from './notifications.module';
export { NotificationSettingsService } from './notification-settings.service';
export { NotificationHandler } from './notification-handler.service';
export { UnsubscribeTokens } from './unsubscribe-tokens.service';
export { NOTIFICATION_KINDS } from './notification-kinds';
export type { NotificationKind, NotificationPreferences } from './notification-kinds';
