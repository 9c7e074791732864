import { Injectable } from '@nestjs/common';
import { PrismaService, User } from '@parley/database';
import { DomainError } from '@parley/errors';
import type { Role } from './auth-user';
import { UsersService } from './users.service';

/** Role changes by admins. Roles are read from the database per request, so no token is revoked. */
@Injectable()
export class UserRolesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
  ) {}

  /**
   * An admin may not change their own role, and the last admin cannot be demoted: the admin rows
   * are locked for the change, so two admins demoting each other at once leave one admin.
   */
  async setRole(actorId: string, userId: string, role: Role): Promise<User> {
    if (actorId === userId)
      throw new DomainError('conflict', 'Admins cannot change their own role');
    await this.users.getById(userId);
    // A promoted account leaves any sanction behind: staff are never sanctioned.
    const sanction = role === 'reader' ? {} : { status: 'active' as const, suspendedUntil: null };
    return this.prisma.transaction(async (tx) => {
      const admins = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM users WHERE role = 'admin' AND erased_at IS NULL ORDER BY id FOR UPDATE`;
      const demotesAnAdmin = role !== 'admin' && admins.some((admin) => admin.id === userId);
      if (demotesAnAdmin && admins.length <= 1)
        throw new DomainError('conflict', 'The last admin cannot be demoted');
      return tx.user.update({ where: { id: userId }, data: { role, ...sanction } });
    });
  }
}
