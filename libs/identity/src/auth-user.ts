import { DomainError } from '@parley/errors';

export type Role = 'reader' | 'moderator' | 'admin';
export type AccountStatus = 'active' | 'suspended' | 'banned';

/** The signed-in user as every request sees it, read from the database at request time. */
export interface AuthUser {
  id: string;
  /** The public name, as comments show it (read with the rest on every authenticated write). */
  displayName: string;
  role: Role;
  status: AccountStatus;
  /** For `suspended`: when the suspension ends. */
  suspendedUntil: Date | null;
  /** Whether the owner proved the address (posting, liking and reporting need it). */
  emailVerified: boolean;
}

export function isStaff(user: Pick<AuthUser, 'role'>): boolean {
  return user.role === 'moderator' || user.role === 'admin';
}

/**
 * The status in force now: a suspension whose end has passed counts as active, so nothing has
 * to run at the end time.
 */
export function effectiveStatus(
  user: Pick<AuthUser, 'status' | 'suspendedUntil'>,
  now = new Date(),
): AccountStatus {
  if (user.status === 'suspended' && user.suspendedUntil && user.suspendedUntil <= now)
    return 'active';
  return user.status;
}

/** 401 unauthenticated: no token, a bad one, or one whose login is no more. */
export function loginRequired(): DomainError {
  return new DomainError('unauthenticated', 'A valid access token is required');
}
