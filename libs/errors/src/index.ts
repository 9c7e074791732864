export { DomainError } from './domain-error';
export { ERROR_STATUS, ERROR_STATUS_ELSEWHERE, MAX_ERROR_DETAILS } from './error-codes';
export type { ErrorBody, ErrorCode, ErrorDetail } from './error-codes';
export { INVALID_REQUEST, validationFailed } from './validation-failed';
