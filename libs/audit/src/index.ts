export { AuditModule } from './audit.module';
export { AuditLogStore } from './audit-log.store';
export { AUDIT_ACTIONS, REASON_MAX } from './audit-entry';
export type {
  AuditAction,
  AuditEntry,
  AuditEntryInput,
  AuditPage,
  AuditTargetType,
} from './audit-entry';
