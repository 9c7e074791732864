import type { ClaimedMessage } from './outbox-message';

/** Delivers the messages of one channel; the application lists them under OUTBOX_HANDLERS. */
export interface OutboxHandler {
  readonly channel: string;
  /**
   * Delivers the message or throws: a PermanentDeliveryError gives it up at once, any other
   * error is retried with backoff. Returning normally marks it sent (also when the handler
   * decided there was nothing to send, e.g. the recipient unsubscribed).
   */
  handle(message: ClaimedMessage): Promise<void>;
}

export const OUTBOX_HANDLERS = Symbol('OUTBOX_HANDLERS');

/** A failure that retrying cannot fix (a rejected recipient, a payload the handler cannot read). */
export class PermanentDeliveryError extends Error {}
