import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export const LOGIN_CHECK_MAY_BE_RECENT = 'parley:loginCheckMayBeRecent';

/**
 * Marks a public read whose answer to a signed-in reader a login check up to CACHE_TTL_MS old
 * cannot make unsafe (a thread's pages: the reader's likes and own pending comments; a role
 * change shows after that long). Saves the login's query on the reads signed-in readers make
 * most; writes and every other route check the login at once.
 */
export const LoginCheckMayBeRecent = (): MethodDecorator =>
  SetMetadata(LOGIN_CHECK_MAY_BE_RECENT, true);

const RECENT_LOGIN_ENOUGH = Symbol('parley.recentLoginEnough');

/** The guard's word to the token strategy: this request may take a recent login check. */
export function markRecentLoginEnough(request: Request): void {
  (request as unknown as Record<symbol, boolean>)[RECENT_LOGIN_ENOUGH] = true;
}

export function recentLoginEnough(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[RECENT_LOGIN_ENOUGH] === true;
}
