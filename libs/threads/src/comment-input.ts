import { DomainError, ErrorDetail, validationFailed } from '@parley/errors';
import { checkCommentBody } from './comment-text';
import { isUuid } from './comment-record';

export interface NewComment {
  body: string;
  parentId: string | null;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

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

/** Printable ASCII, 1–255 characters; absent means no idempotency. */
export function parseIdempotencyKey(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(raw))
    throw invalid([
      { field: 'Idempotency-Key', message: 'must be 1–255 printable ASCII characters' },
    ]);
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
