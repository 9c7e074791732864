export { ModerationModule } from './moderation.module';
export { AuditLogService } from './audit-log.service';
export { AUDIT_ACTIONS, REASON_MAX } from './audit-entry';
export type {
  AuditAction,
  AuditEntry,
  AuditEntryInput,
  AuditPage,
  AuditTargetType,
} from './audit-entry';
export { ModerationQueueService } from './moderation-queue.service';
export type { QueueType } from './moderation-queue.service';
export { CommentDecisionsService, REJECT_CODES } from './comment-decisions.service';
export type { DecisionInput, RejectCode, RejectInput } from './comment-decisions.service';
export { AccountSanctionsService, MAX_SUSPENSION_DAYS } from './account-sanctions.service';
export type { SanctionResult } from './account-sanctions.service';
export { BannedWordsService } from './banned-words.service';
export type { BannedWordsResult } from './banned-words.service';
export type { DecisionOutcome, ModeratedComment, ModeratedCommentPage } from './moderated-comment';
