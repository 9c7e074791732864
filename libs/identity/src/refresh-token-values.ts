import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Refresh tokens are stored only as this hash. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The first token of a login: 256 random bits. */
export function randomRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token that rotation issues after `parent`: an HMAC of the parent under a key derived from a
 * server secret (JWT_SECRET), so that presenting the parent again within the grace window can be
 * answered with the same successor without storing it. The database holds only hashes, so neither
 * a copy of it nor the parent alone yields a successor; whoever holds the parent within the window
 * gets the successor anyway (that is the window's promise), and after it the parent revokes the
 * login. Chains from a random root, so two logins never share a token.
 */
export function successorRefreshToken(parent: string, secret: string): string {
  const key = createHmac('sha256', secret).update('parley refresh-token successor v1').digest();
  return createHmac('sha256', key).update(parent).digest('base64url');
}
