import { Injectable } from '@nestjs/common';
import type { User } from '@parley/database';
import { Role, UserRolesService, UsersService } from '@parley/identity';
import { AuditLogStore } from '@parley/audit';

/**
 * Role changes with their audit entry. Identity cannot import moderation (the arrows point down),
 * so the app composes the two. An entry is written only when the role actually changed; the
 * previous role is read just before (two admins racing on one account may both see the old role,
 * an accepted gap for a rare admin action).
 */
@Injectable()
export class AuditedRolesService {
  constructor(
    private readonly roles: UserRolesService,
    private readonly users: UsersService,
    private readonly audit: AuditLogStore,
  ) {}

  async setRole(actorId: string, userId: string, role: Role): Promise<User> {
    const before = actorId === userId ? undefined : await this.users.getById(userId);
    const user = await this.roles.setRole(actorId, userId, role);
    if (before && before.role !== user.role) {
      await this.audit.record({
        actorId,
        action: 'user.role',
        target: { type: 'user', id: userId },
        metadata: { from: before.role, to: user.role },
      });
    }
    return user;
  }
}
