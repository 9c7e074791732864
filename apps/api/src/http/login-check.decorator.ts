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

export const LOGIN_CHECKED_BY_HANDLER = 'parley:loginCheckedByHandler';

/**
 * Marks a write whose handler checks the login itself, in its first statement, with what that
 * statement reads anyway (a post's or like's article and the reader's grants): the guard
 * verifies the token alone and the handler gets its UncheckedLogin (@CurrentLogin()), so the
 * login costs no round trip of its own. It still bites at once, and before anything else is
 * checked: the handler answers 401 first when the login is no more.
 */
export const LoginCheckedByHandler = (): MethodDecorator =>
  SetMetadata(LOGIN_CHECKED_BY_HANDLER, true);

const RECENT_LOGIN_ENOUGH = Symbol('parley.recentLoginEnough');
const CHECKED_BY_HANDLER = Symbol('parley.loginCheckedByHandler');

/** The guard's word to the token strategy: this request may take a recent login check. */
export function markRecentLoginEnough(request: Request): void {
  (request as unknown as Record<symbol, boolean>)[RECENT_LOGIN_ENOUGH] = true;
}

export function recentLoginEnough(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[RECENT_LOGIN_ENOUGH] === true;
}

/** The guard's word to the token strategy: the handler checks this request's login. */
export function markLoginCheckedByHandler(request: Request): void {
  (request as unknown as Record<symbol, boolean>)[CHECKED_BY_HANDLER] = true;
}

export function loginCheckedByHandler(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[CHECKED_BY_HANDLER] === true;
}
