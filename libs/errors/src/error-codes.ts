/** Every error code of the public contract, with the HTTP status it is answered with. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_signature: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  subscription_required: 403,
  user_suspended: 403,
  user_banned: 403,
  comments_closed: 403,
  not_author: 403,
  edit_window_passed: 403,
  not_found: 404,
  article_not_found: 404,
  comment_not_found: 404,
  conflict: 409,
  email_taken: 409,
  duplicate_comment: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  billing_not_configured: 503,
  service_unavailable: 503,
  invalid_token: 400,
  email_unverified: 403,
  slow_mode: 429,
  banned_word: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Codes the contract also answers with another status on one route: `invalid_token` is a 400 for
 * an emailed link's token and a 401 for a publisher's sign-in token (POST /auth/sso).
 */
export const ERROR_STATUS_ELSEWHERE = {
  invalid_token: 401,
} as const satisfies Partial<Record<ErrorCode, number>>;

/** An error body lists at most this many problems, however many the request has. */
export const MAX_ERROR_DETAILS = 20;

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  requestId?: string;
}
