export { NotificationsModule } from './notifications.module';
export { NotificationSettingsService } from './notification-settings.service';
export { NotificationHandler } from './notification-handler.service';
export { NOTIFICATION_KINDS } from './notification-preferences.service';
export type { NotificationKind, NotificationPreferences } from './notification-preferences.service';
