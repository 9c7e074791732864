/** What a change asks to be done after it commits. */
export interface NewOutboxMessage {
  /** Picks the handler: `mail`, `notification`, `account`, `webhook`. */
  channel: string;
  /** What the message is, within its channel (a mail template, an event type). */
  kind: string;
  /**
   * The handler's input. Anything under `secret` (a link with a token) is removed from the row
   * once the message has been handled, sent or given up.
   */
  payload: Record<string, unknown>;
  /** The account the message concerns (its erasure drops the message while still pending). */
  userId?: string | null;
  /** At most one pending message per key: a message whose key is pending already is dropped. */
  dedupeKey?: string | null;
  /** What the message goes to, when the channel has such a thing (a webhook endpoint's id). */
  subjectId?: string | null;
  /** Not handled before this time (default: at once). */
  notBefore?: Date;
}

/** A message as a worker holds it after claiming it. */
export interface ClaimedMessage {
  id: string;
  channel: string;
  kind: string;
  payload: Record<string, unknown>;
  userId: string | null;
  dedupeKey: string | null;
  subjectId: string | null;
  /** This attempt's number, from 1. */
  attempts: number;
  createdAt: Date;
  /** When this claim was made (database time). */
  claimedAt: Date;
}

/** A message of a subject's delivery log (newest first). */
export interface SubjectMessage {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
}
