import { DomainError } from '@parley/errors';
import { AuthUser, effectiveStatus, isStaff } from './auth-user';

/**
 * The account-status part of the posting gate (threads calls it before anything else that a post
 * needs): banned → 403 user_banned, suspended until a future time → 403 user_suspended. Sanctioned
 * users may still read, edit their name, change their password, log out and erase their account.
 * Right after the status: 403 email_unverified until the owner proved the address (staff too).
 */
export function assertMayPost(user: AuthUser, now = new Date()): void {
  if (!isStaff(user)) assertStatusAllowsPosting(user, now);
  assertEmailVerified(user);
}

/** 403 email_unverified: posting, liking and reporting need a verified address. */
export function assertEmailVerified(user: Pick<AuthUser, 'emailVerified'>): void {
  if (!user.emailVerified)
    throw new DomainError('email_unverified', 'Confirm your email address first');
}

function assertStatusAllowsPosting(user: AuthUser, now: Date): void {
  const status = effectiveStatus(user, now);
  if (status === 'banned') throw new DomainError('user_banned', 'This account is banned');
  if (status === 'suspended') {
    throw new DomainError(
      'user_suspended',
      `This account is suspended until ${user.suspendedUntil?.toISOString()}`,
    );
  }
}
