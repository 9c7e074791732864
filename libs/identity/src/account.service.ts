import { Injectable } from '@nestjs/common';
import { TransactionRunner, Tx } from '@parley/database';
import { DomainError } from '@parley/errors';
import { checkDisplayName, checkPassword } from './account-text';
import { AuthRateLimits } from './auth-rate-limits.service';
import { EmailTokenStore } from './email-token.store';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import { SsoIdentityStore } from './sso-identity.store';
import type { UserRecord } from './user-record';
import { UserStore } from './user.store';
import { UsersService } from './users.service';

/** Changes a signed-in user makes to their own account. */
@Injectable()
export class AccountService {
  constructor(
    private readonly store: UserStore,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly emailTokens: EmailTokenStore,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimits: AuthRateLimits,
    private readonly ssoIdentities: SsoIdentityStore,
  ) {}

  async updateDisplayName(userId: string, displayName: string): Promise<UserRecord> {
    const name = checkDisplayName(displayName);
    await this.rateLimits.profileChange(userId);
    await this.users.getById(userId);
    return this.store.setDisplayName(userId, name);
  }

  /**
   * Sets a new password and ends every other login: every access token issued before is refused
   * (tokenVersion), and every refresh token is revoked except the family of `currentRefreshToken`
   * when it is a live token of this user, so that the client can refresh to carry on. A pending
   * change of address is voided as a reset voids it (it was asked for with the old password).
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    currentRefreshToken?: string,
  ): Promise<void> {
    await this.verifyPassword(userId, currentPassword);
    const passwordHash = await this.hasher.hash(checkPassword(newPassword, 'newPassword'));
    await this.transactions.run(async (tx) => {
      const keep = currentRefreshToken
        ? await this.refreshTokens.liveFamilyOf(userId, currentRefreshToken, tx)
        : null;
      await this.store.setPassword(userId, passwordHash, tx);
      await this.emailTokens.spendAllOf(tx, userId, ['change_email']);
      await this.refreshTokens.revokeAllOfUser(userId, tx, keep);
    });
  }

  /** Throws invalid_credentials unless the password is the account's (rate limited per user). */
  async verifyPassword(userId: string, password: string): Promise<UserRecord> {
    await this.rateLimits.passwordCheck(userId);
    const user = await this.users.getById(userId);
    const valid = user.passwordHash
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    if (!valid) throw new DomainError('invalid_credentials', 'The password is wrong');
    return user;
  }

  /**
   * Identity's part of erasing an account, its last step (AccountErasureService): the address is
   * freed, the name and password go, emailed links die, every token stops working, and the
   * publisher link goes (a later publisher sign-in of that reader starts a new account). `also`
   * runs in the same transaction, once the account is marked erased (its row locked).
   */
  async wipe(userId: string, also?: (tx: Tx) => Promise<void>): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.store.erase(userId, tx);
      await this.emailTokens.deleteAllOf(tx, userId);
      await this.refreshTokens.revokeAllOfUser(userId, tx);
      await this.ssoIdentities.deleteOfUser(userId, tx);
      await also?.(tx);
    });
  }
}
