import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_ERASURE_STEPS, AccountErasureStep } from './account-erasure';
import { AccountService } from './account.service';

/**
 * Erases an account (GDPR): first every registered step of the other domains, in order, then the
 * identity itself. The user row stays with its bare id (comments and audit entries point to it);
 * the email is freed for a new registration, and every token of the account stops working.
 * Provided by the application, which composes ACCOUNT_ERASURE_STEPS.
 */
@Injectable()
export class AccountErasureService {
  constructor(
    private readonly accounts: AccountService,
    @Inject(ACCOUNT_ERASURE_STEPS) private readonly steps: AccountErasureStep[],
  ) {}

  async erase(userId: string, password: string): Promise<void> {
    await this.accounts.verifyPassword(userId, password);
    for (const step of this.steps) await step.eraseAccountData(userId);
    await this.accounts.wipe(userId);
  }
}
