/** OpenAPI text of the routes that check or hash a password (PasswordHasher's own budget). */
export const PASSWORD_BUSY =
  'service_unavailable, with Retry-After: too many password checks at once on this instance (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE)';
