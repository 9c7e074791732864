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
  /**
   * How many of this channel's messages are handled at once (default 1: one after another). Each
   * channel is polled on its own, so a slow channel never holds up the others.
   */
  readonly parallel?: number;
  /**
   * At most this many of the channel's messages to one subject (`subjectId`: a webhook endpoint)
   * in progress at once on this instance (default: no limit but `parallel`), so that a subject
   * whose deliveries hang holds at most this many of the `parallel` slots. Per instance: with
   * several instances working the queue, a subject may have this many in progress on each.
   */
  readonly parallelPerSubject?: number;
  /**
   * Retry for this long after the message was queued (then give it up), instead of
   * OUTBOX_MAX_ATTEMPTS attempts: the last retry falls at the end of the window.
   */
  readonly retryWindowSeconds?: number;
}

export const OUTBOX_HANDLERS = Symbol('OUTBOX_HANDLERS');

/** A failure that retrying cannot fix (a rejected recipient, a payload the handler cannot read). */
export class PermanentDeliveryError extends Error {}
