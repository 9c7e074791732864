import type { RejectionNotice, ReplyNotice } from '@parley/threads';

/**
 * A notification's payload as its handler needs it, or null when the message cannot be read (a
 * row written by hand or by an older shape): retrying would never make it readable.
 */
export function readReplyNotice(payload: unknown): ReplyNotice | null {
  const { recipientId, articleId } = (payload ?? {}) as Record<string, unknown>;
  if (typeof recipientId !== 'string' || typeof articleId !== 'string') return null;
  return { recipientId, articleId };
}

export function readRejectionNotice(payload: unknown): RejectionNotice | null {
  const { commentId, code } = (payload ?? {}) as Record<string, unknown>;
  if (typeof commentId !== 'string') return null;
  if (code !== undefined && code !== null && typeof code !== 'string') return null;
  return { commentId, code: code ?? null };
}
