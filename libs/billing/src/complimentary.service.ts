import { Injectable } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { validationFailed } from '@parley/errors';
import { UsersService } from '@parley/identity';

export interface ComplimentaryGrantView {
  userId: string;
  until: Date | null;
}

/** Commenting access granted by an admin, without Stripe; optionally until a date. */
@Injectable()
export class ComplimentaryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
  ) {}

  /** Grants or replaces the grant; `until` must lie in the future. 404 user_not_found. */
  async grant(
    userId: string,
    until: Date | null,
    grantedBy: string,
    now = new Date(),
  ): Promise<ComplimentaryGrantView> {
    if (until !== null && until <= now) {
      throw validationFailed({ field: 'until', message: 'until must be in the future' });
    }
    await this.users.getById(userId);
    const row = await this.prisma.complimentaryGrant.upsert({
      where: { userId },
      create: { userId, until, grantedBy },
      update: { until, grantedBy },
    });
    return { userId: row.userId, until: row.until };
  }

  /** Idempotent: revoking a grant that does not exist is done already (false). 404 user_not_found. */
  async revoke(userId: string): Promise<boolean> {
    await this.users.getById(userId);
    const { count } = await this.prisma.complimentaryGrant.deleteMany({ where: { userId } });
    return count > 0;
  }
}
