import { DomainError, validationFailed } from '@parley/errors';
import { codePointLength, isBlankText, trimText, unstorableReason } from '@parley/text';

export const BODY_MIN = 1;
export const BODY_MAX = 5000;

/**
 * A comment body, as it will be stored: trimmed (whitespace, controls, zero-width spaces and
 * fillers at either end), then 1–5,000 characters (code points), not only characters that show
 * as nothing, and storable (no U+0000, no unpaired surrogate). The limit counts what is stored,
 * so `"a" + 95,000 spaces` is the comment "a".
 */
export function checkCommentBody(body: unknown, field = 'body'): string {
  if (typeof body !== 'string') throw invalid(field, 'must be a string');
  const unstorable = unstorableReason(body);
  if (unstorable) throw invalid(field, unstorable);
  const trimmed = trimText(body);
  const length = codePointLength(trimmed);
  if (length < BODY_MIN || length > BODY_MAX)
    throw invalid(field, `must be ${BODY_MIN}–${BODY_MAX} characters after trimming`);
  if (isBlankText(trimmed)) throw invalid(field, 'must contain visible characters');
  return trimmed;
}

function invalid(field: string, message: string): DomainError {
  return validationFailed({ field, message });
}
