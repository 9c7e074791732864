import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation, TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import { AuthRateLimits } from './auth-rate-limits.service';
import { AuthService, TokenPair } from './auth.service';
import { SsoAccounts } from './sso-accounts.service';
import { SsoClaims, ssoTokenRefused } from './sso-claims';
import { SSO_SIGN_IN_STEPS, SsoSignInStep } from './sso-sign-in-step';
import { SsoTokenUseStore } from './sso-token-use.store';
import { SsoTokenVerifier } from './sso-token-verifier.service';
import type { UserRecord } from './user-record';

/** Attempts of one sign-in whose transaction lost a race on a unique key (see SsoAccounts). */
const ATTEMPTS = 3;

/**
 * POST /auth/sso: a publisher's token for Parley's token pair. In one transaction: the token's
 * jti is spent, the reader's account is linked or brought up to date, and every
 * SSO_SIGN_IN_STEPS entry of the other domains runs (billing: the publisher entitlement); then a
 * login starts as for a password sign-in (AuthService.issueTokens). Provided by the application,
 * which composes the steps (as for ACCOUNT_ERASURE_STEPS).
 */
@Injectable()
export class SsoSignInService {
  constructor(
    private readonly verifier: SsoTokenVerifier,
    private readonly rateLimits: AuthRateLimits,
    private readonly transactions: TransactionRunner,
    private readonly tokenUses: SsoTokenUseStore,
    private readonly accounts: SsoAccounts,
    private readonly auth: AuthService,
    @Inject(SSO_SIGN_IN_STEPS) private readonly steps: SsoSignInStep[],
  ) {}

  async signIn(token: string, clientIp: string): Promise<{ user: UserRecord; tokens: TokenPair }> {
    if (!this.verifier.configured)
      throw new DomainError('not_found', 'Publisher sign-in is not configured');
    await this.rateLimits.sso(clientIp);
    const claims = await this.verifier.verify(token);
    const user = await this.linkAndApply(claims);
    return { user, tokens: await this.auth.issueTokens(user) };
  }

  private async linkAndApply(claims: SsoClaims): Promise<UserRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (tx) => {
          const spent = await this.tokenUses.spend(
            claims.issuer,
            claims.jti,
            claims.acceptableUntil,
            tx,
          );
          if (!spent) throw ssoTokenRefused('The token was used already (jti)');
          const user = await this.accounts.signIn(claims, tx);
          for (const step of this.steps)
            await step.onSsoSignIn(
              { userId: user.id, payload: claims.payload, issuedAt: claims.issuedAt },
              tx,
            );
          return user;
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
