import { DomainError } from './domain-error';
import { ErrorDetail } from './error-codes';

/** The summary most refusals carry; a rule names its subject only where that helps the reader. */
export const INVALID_REQUEST = 'The request is invalid';

/**
 * The contract's 400 `validation_failed`, the one way every layer builds it: each problem names
 * its field (when it has one) and what the field must be.
 */
export function validationFailed(
  problems: ErrorDetail | ErrorDetail[],
  summary: string = INVALID_REQUEST,
): DomainError {
  return new DomainError(
    'validation_failed',
    summary,
    Array.isArray(problems) ? problems : [problems],
  );
}
