import { DomainError } from '@parley/errors';

export const BODY_MAX = 5000;
// Format (zero-width, bidi controls), controls other than newline and tab, and separators: a body
// made only of these shows as nothing.
const INVISIBLE = /[\p{Cf}\p{Z}]|[^\P{Cc}\n\t]/gu;

/**
 * A comment body: 1–5,000 characters (code points) after trimming, not only invisible
 * characters. The body is stored exactly as sent; this only decides whether it is acceptable.
 */
export function checkCommentBody(body: unknown, field = 'body'): string {
  if (typeof body !== 'string') throw invalid(field, 'must be a string');
  const length = [...body.trim()].length;
  if (length < 1 || length > BODY_MAX)
    throw invalid(field, `must be 1–${BODY_MAX} characters after trimming`);
  if (body.replace(INVISIBLE, '').trim().length === 0)
    throw invalid(field, 'must contain visible characters');
  return body;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation_failed', 'The request is invalid', [{ field, message }]);
}
