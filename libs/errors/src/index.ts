export { DomainError } from './domain-error';
export { ERROR_STATUS, MAX_ERROR_DETAILS } from './error-codes';
export type { ErrorBody, ErrorCode, ErrorDetail } from './error-codes';
