import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { ACCOUNT_ERASURE_STEPS, AccountErasureStep } from './account-erasure';
import { AccountService } from './account.service';
import { RefreshTokenService } from './refresh-token.service';

/**
 * Erases an account (GDPR): first every registered step of the other domains, in order, then the
 * identity itself. The user row stays with its bare id (comments and audit entries point to it);
 * the email is freed for a new registration, and every token of the account stops working.
 * Provided by the application, which composes ACCOUNT_ERASURE_STEPS.
 */
@Injectable()
export class AccountErasureService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly accounts: AccountService,
    private readonly refreshTokens: RefreshTokenService,
    @Inject(ACCOUNT_ERASURE_STEPS) private readonly steps: AccountErasureStep[],
  ) {}

  async erase(userId: string, password: string): Promise<void> {
    await this.accounts.verifyPassword(userId, password);
    for (const step of this.steps) await step.eraseAccountData(userId);
    await this.prisma.transaction(async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: {
          email: null,
          emailNormalized: null,
          displayName: null,
          passwordHash: null,
          emailVerifiedAt: null,
          erasedAt: new Date(),
          tokenVersion: { increment: 1 },
        },
      });
      await tx.emailToken.deleteMany({ where: { userId } });
      await this.refreshTokens.revokeAllOfUser(userId, tx);
    });
  }
}
