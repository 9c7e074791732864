import { ERROR_STATUS, ErrorCode, ErrorDetail } from './error-codes';

/**
 * A failure the client caused or may act on. Domain services throw it with a contract code;
 * the HTTP layer maps the code to its status and the error body.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After for rate_limited. */
    readonly headers?: Record<string, string>,
    /** Where the contract answers one code with two statuses (error-codes.ts: ERROR_STATUS_ELSEWHERE). */
    private readonly statusOverride?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return this.statusOverride ?? ERROR_STATUS[this.code];
  }
}
