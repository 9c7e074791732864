import { effectiveStatus, UserRecord } from '@parley/identity';
import { UserRoleView } from './dto/user-role.view';
import { EntitlementView, UserView } from './dto/user.view';

export function toUserView(user: UserRecord, entitlement: EntitlementView): UserView {
  return {
    id: user.id,
    email: user.email ?? '',
    emailVerified: user.emailVerifiedAt !== null,
    displayName: user.displayName ?? '',
    role: user.role,
    status: effectiveStatus(user),
    suspendedUntil:
      effectiveStatus(user) === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
    entitlement,
  };
}

export function toUserRoleView(user: UserRecord): UserRoleView {
  return { id: user.id, displayName: user.displayName ?? '', role: user.role };
}
