/** The events a publisher can subscribe to (the contract's list); payloads in the README. */
export const WEBHOOK_EVENT_TYPES = [
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'comment.approved',
  'comment.rejected',
  'user.suspended',
  'user.banned',
  'user.unbanned',
  'entitlement.changed',
  'article.changed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The outbox channel of deliveries. */
export const WEBHOOK_CHANNEL = 'webhook';

/** The longest endpoint URL accepted (the table's check constraint says the same). */
export const WEBHOOK_URL_MAX = 2048;
