export { DomainError } from './domain-error';
export { ERROR_STATUS } from './error-codes';
export type { ErrorBody, ErrorCode, ErrorDetail } from './error-codes';
