import type { Prisma } from '@parley/database';

export const AUDIT_ACTIONS = [
  'comment.approve',
  'comment.reject',
  'comment.pin',
  'comment.unpin',
  'comment.reinstate',
  'user.suspend',
  'user.ban',
  'user.unban',
  'user.role',
  'user.complimentary.grant',
  'user.complimentary.revoke',
  'user.note',
  'banned_words.replace',
  'article.update',
  'webhook.create',
  'webhook.delete',
  'policy.update',
  'user.premoderate',
  'article.surge',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditTargetType =
  'comment' | 'user' | 'article' | 'banned_words' | 'webhook' | 'policy';

/** The longest free-text reason kept (the contract's 500 characters). */
export const REASON_MAX = 500;

/**
 * One effective moderation or admin action. Ids only: no names or emails, so that erasing an
 * account leaves nothing personal in the log.
 */
export interface AuditEntryInput {
  /** null: the system (surge protection), not a person. */
  actorId: string | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  reasonCode?: string | null;
  reason?: string | null;
  metadata?: Prisma.InputJsonObject;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  reasonCode: string | null;
  reason: string | null;
  metadata: Prisma.JsonObject;
  createdAt: Date;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}
