/** The kinds of notification mail a reader can turn off (each has its own unsubscribe token). */
export type NotificationKind = 'replies' | 'moderation';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['replies', 'moderation'];

export type NotificationPreferences = Record<NotificationKind, boolean>;

/** What a reader who never chose gets: every kind. */
export const DEFAULT_PREFERENCES: Readonly<NotificationPreferences> = {
  replies: true,
  moderation: true,
};
