import { ERROR_STATUS, ErrorBody, ErrorCode, ErrorDetail } from '@parley/errors';

export function errorBody(
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
  requestId?: string,
): ErrorBody {
  return {
    statusCode: ERROR_STATUS[code],
    code,
    message,
    ...(details && details.length > 0 ? { details } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
