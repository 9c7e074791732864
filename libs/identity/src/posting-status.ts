import { DomainError } from '@parley/errors';
import { AuthUser, effectiveStatus, isStaff } from './auth-user';

/**
 * The account-status part of the posting gate (threads calls it before anything else that a post
 * needs): banned → 403 user_banned, suspended until a future time → 403 user_suspended. Sanctioned
 * users may still read, edit their name, change their password, log out and erase their account.
 */
export function assertMayPost(user: AuthUser, now = new Date()): void {
  if (isStaff(user)) return;
  const status = effectiveStatus(user, now);
  if (status === 'banned') throw new DomainError('user_banned', 'This account is banned');
  if (status === 'suspended') {
    throw new DomainError(
      'user_suspended',
      `This account is suspended until ${user.suspendedUntil?.toISOString()}`,
    );
  }
}
