import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNT_ERASURE_STEPS, AccountErasureStep } from './account-erasure';
import { AccountService } from './account.service';
import { SsoAccounts } from './sso-accounts.service';

/** What confirms an erasure: the password, or for an account without one a fresh publisher token. */
export type ErasureProof = { password: string } | { ssoToken: string };

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
    private readonly sso: SsoAccounts,
    @Inject(ACCOUNT_ERASURE_STEPS) private readonly steps: AccountErasureStep[],
  ) {}

  async erase(userId: string, proof: ErasureProof): Promise<void> {
    if ('ssoToken' in proof) await this.sso.confirmOwner(userId, proof.ssoToken);
    else await this.accounts.verifyPassword(userId, proof.password);
    for (const step of this.steps) await step.eraseAccountData(userId);
    await this.accounts.wipe(userId, async (tx) => {
      for (const step of this.steps) await step.eraseWithIdentity?.(tx, userId);
    });
  }
}
