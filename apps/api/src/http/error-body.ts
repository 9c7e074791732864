import type { Request, Response } from 'express';
import { ERROR_STATUS, ErrorBody, ErrorCode, ErrorDetail, MAX_ERROR_DETAILS } from '@parley/errors';

/** A field name or message taken from the request (an unknown key) is shown cut to this length. */
const MAX_DETAIL_TEXT = 200;

/**
 * The contract's error body. `details` keeps the first MAX_ERROR_DETAILS problems, each cut to
 * MAX_DETAIL_TEXT characters (a body of 5,000 unknown or huge keys is still a small 400), and the
 * message says how many there were.
 */
export function errorBody(
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
  requestId?: string,
): ErrorBody {
  const shown = details?.slice(0, MAX_ERROR_DETAILS).map(shorten);
  const more =
    details && details.length > MAX_ERROR_DETAILS
      ? ` (the first ${MAX_ERROR_DETAILS} of ${details.length} problems are listed)`
      : '';
  return {
    statusCode: ERROR_STATUS[code],
    code,
    message: `${message}${more}`,
    ...(shown && shown.length > 0 ? { details: shown } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

function shorten(detail: ErrorDetail): ErrorDetail {
  const cut = (text: string) =>
    text.length > MAX_DETAIL_TEXT ? `${text.slice(0, MAX_DETAIL_TEXT)}…` : text;
  return {
    ...(detail.field !== undefined ? { field: cut(detail.field) } : {}),
    message: cut(detail.message),
  };
}

/**
 * Answers 503 service_unavailable with `Retry-After: 1` from a middleware, before Nest's
 * exception filter could: an instance shedding load or shutting down.
 */
export function sendServiceUnavailable(req: Request, res: Response, message: string): void {
  res.setHeader('Retry-After', '1');
  res
    .status(503)
    .json(
      errorBody(
        'service_unavailable',
        message,
        undefined,
        String((req as { id?: unknown }).id ?? ''),
      ),
    );
}
