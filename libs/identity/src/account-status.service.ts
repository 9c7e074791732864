import { Injectable } from '@nestjs/common';
import { PrismaService, User, UserStatus } from '@parley/database';
import { DomainError } from '@parley/errors';
import { UsersService } from './users.service';

/**
 * Sanctions on accounts. Every request reads the status from the database, so a change bites on
 * the user's next request. Staff (moderators, admins) cannot be sanctioned: demote them first.
 */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
  ) {}

  async suspend(userId: string, until: Date, now = new Date()): Promise<User> {
    if (!(until > now)) {
      throw new DomainError('validation_failed', 'A suspension must end in the future', [{ field: 'until', message: 'must be in the future' }]);
    }
    return this.sanction(userId, 'suspended', until);
  }

  ban(userId: string): Promise<User> {
    return this.sanction(userId, 'banned', null);
  }

  /** Lifts a ban or a suspension. */
  unban(userId: string): Promise<User> {
    return this.sanction(userId, 'active', null);
  }

  // The role condition sits in the UPDATE itself, so a promotion racing a sanction cannot slip by.
  private async sanction(userId: string, status: UserStatus, suspendedUntil: Date | null): Promise<User> {
    const { count } = await this.prisma.user.updateMany({
      where: { id: userId, erasedAt: null, role: 'reader' },
      data: { status, suspendedUntil },
    });
    const user = await this.users.getById(userId);
    if (count === 0) throw new DomainError('forbidden', 'Staff accounts cannot be sanctioned');
    return user;
  }
}
