import { DomainError, ErrorDetail, validationFailed } from '@parley/errors';
import { checkCommentBody } from './comment-text';
import { isUuid } from './comment-record';

export interface NewComment {
  body: string;
  parentId: string | null;
}

export const IDEMPOTENCY_KEY_MAX = 255;
export const IDEMPOTENCY_KEY_RULE = `1–${IDEMPOTENCY_KEY_MAX} printable ASCII characters`;
const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7E]{1,${IDEMPOTENCY_KEY_MAX}}$`);
/** A report's optional note (the `comment_reports_note_length` check). */
export const REPORT_NOTE_MAX = 500;

/**
 * The posting and editing bodies are read here rather than at the HTTP edge: the contract checks
 * the body only after the account, the article and the entitlement.
 */
export function parseNewComment(raw: unknown): NewComment {
  const input = asObject(raw, ['body', 'parentId']);
  const body = checkCommentBody(input.body);
  const parentId = input.parentId;
  if (
    parentId !== undefined &&
    parentId !== null &&
    (typeof parentId !== 'string' || !isUuid(parentId))
  ) {
    throw invalid([{ field: 'parentId', message: 'must be a comment id (UUID)' }]);
  }
  return { body, parentId: typeof parentId === 'string' ? parentId.toLowerCase() : null };
}

export function parseEdit(raw: unknown): string {
  return checkCommentBody(asObject(raw, ['body']).body);
}

/** Printable ASCII, 1–IDEMPOTENCY_KEY_MAX characters; absent means no idempotency. */
export function parseIdempotencyKey(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(raw))
    throw invalid([{ field: 'Idempotency-Key', message: `must be ${IDEMPOTENCY_KEY_RULE}` }]);
  return raw;
}

function asObject(raw: unknown, allowed: string[]): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid([{ message: 'the body must be a JSON object' }]);
  const extra = Object.keys(raw).filter((key) => !allowed.includes(key));
  if (extra.length > 0)
    throw invalid(extra.map((field) => ({ field, message: `property ${field} should not exist` })));
  return raw as Record<string, unknown>;
}

function invalid(details: ErrorDetail[]): DomainError {
  return validationFailed(details);
}
