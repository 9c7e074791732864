import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, User } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { UsersService } from './users.service';

/** The account after a sanction, and whether this call changed it (false: it was so already). */
export interface SanctionOutcome {
  user: User;
  changed: boolean;
}

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

  async suspend(userId: string, until: Date, now = new Date()): Promise<SanctionOutcome> {
    if (!(until > now)) {
      throw validationFailed(
        { field: 'until', message: 'must be in the future' },
        'A suspension must end in the future',
      );
    }
    return this.sanction(
      userId,
      { status: 'suspended', suspendedUntil: until },
      { NOT: { status: 'suspended', suspendedUntil: until } },
    );
  }

  ban(userId: string): Promise<SanctionOutcome> {
    return this.sanction(
      userId,
      { status: 'banned', suspendedUntil: null },
      { status: { not: 'banned' } },
    );
  }

  /** Lifts a ban or a suspension still running (one whose end has passed is lifted already). */
  unban(userId: string, now = new Date()): Promise<SanctionOutcome> {
    return this.sanction(
      userId,
      { status: 'active', suspendedUntil: null },
      { OR: [{ status: 'banned' }, { status: 'suspended', suspendedUntil: { gt: now } }] },
    );
  }

  // One conditional UPDATE decides: the role condition means a promotion racing a sanction cannot
  // slip by, and the "not so already" condition means of two identical racing sanctions one changes.
  private async sanction(
    userId: string,
    data: Prisma.UserUpdateManyMutationInput,
    notAlready: Prisma.UserWhereInput,
  ): Promise<SanctionOutcome> {
    const { count } = await this.prisma.user.updateMany({
      where: { AND: [{ id: userId, erasedAt: null, role: 'reader' }, notAlready] },
      data,
    });
    const user = await this.users.getById(userId);
    if (user.role !== 'reader')
      throw new DomainError('forbidden', 'Staff accounts cannot be sanctioned');
    return { user, changed: count > 0 };
  }
}
