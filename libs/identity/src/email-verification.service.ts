import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { isUniqueViolation, TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import { OutboxStore } from '@parley/outbox';
import { queueAccountNotice, queueTokenMail } from './account-mail';
import { checkEmail, normalizeEmail } from './account-text';
import { AuthRateLimits } from './auth-rate-limits.service';
import { AccountService } from './account.service';
import { EmailTokenStore } from './email-token.store';
import { UserStore } from './user.store';
import { UsersService } from './users.service';

/**
 * Proving that an account's owner reads its address: the verification mail (at registration,
 * and on request) and the change of address, confirmed from the new address. Both end in
 * `verify()`, the one place that sets email_verified_at.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly store: UserStore,
    private readonly users: UsersService,
    private readonly accounts: AccountService,
    private readonly tokens: EmailTokenStore,
    private readonly outbox: OutboxStore,
    private readonly rateLimits: AuthRateLimits,
    private readonly config: AppConfig,
  ) {}

  /** Mails a fresh link to an unverified address (a verified one gets nothing; the answer is the same). */
  async resend(userId: string, clientIp: string): Promise<void> {
    const user = await this.users.getById(userId);
    if (!user.email) return;
    await this.rateLimits.mailRequest(clientIp);
    await this.rateLimits.ownerMail(user.email);
    if (user.emailVerifiedAt) return;
    const email = user.email;
    await this.transactions.run(async (tx) => {
      await this.tokens.spendAllOf(tx, user.id, ['verify_email']);
      await queueTokenMail(this.deps(), tx, user, 'verify_email', email);
    });
  }

  /**
   * Asks to move the account to `newEmail`: after the password, a link goes to the new address
   * and a notice (no link) to the current one, so that its owner hears of a change they did not
   * ask for while a password reset can still stop it (the reset voids the link). The account
   * keeps its address until that link is used. 409 email_taken when the address belongs to an
   * account already, checked before the per-address budget so that nobody spends another
   * account's budget by asking for its address.
   */
  async requestChange(
    userId: string,
    newEmail: string,
    password: string,
    clientIp: string,
  ): Promise<void> {
    const address = checkEmail(newEmail);
    const user = await this.accounts.verifyPassword(userId, password);
    await this.rateLimits.mailRequest(clientIp);
    if (await this.users.emailInUse(normalizeEmail(address)))
      throw new DomainError('email_taken', 'An account with this email exists');
    const current = user.email;
    await this.rateLimits.ownerMail(address, ...(current ? [current] : []));
    await this.transactions.run(async (tx) => {
      await this.tokens.spendAllOf(tx, user.id, ['change_email']);
      await queueTokenMail(this.deps(), tx, user, 'change_email', address);
      if (current)
        await queueAccountNotice(this.outbox, tx, user, 'email-change-requested', current, address);
    });
  }

  /**
   * Uses a verification or change-of-address token: the account's address becomes the one the
   * token was mailed to, verified. 400 invalid_token for a wrong, used or expired token, or one
   * mailed to an address the account no longer has; 409 email_taken if the new address was
   * taken meanwhile.
   */
  async verify(token: string): Promise<void> {
    try {
      await this.transactions.run(async (tx) => {
        const spent = await this.tokens.spend(tx, token, ['verify_email', 'change_email']);
        const user = spent && (await this.store.findById(spent.userId, tx));
        if (!spent || !user || user.erasedAt) throw invalidToken();
        if (spent.purpose === 'verify_email') {
          if (user.emailNormalized !== normalizeEmail(spent.address)) throw invalidToken();
          await this.store.setEmailVerifiedAt(user.id, user.emailVerifiedAt ?? new Date(), tx);
          return;
        }
        await this.store.changeEmail(user.id, spent.address, normalizeEmail(spent.address), tx);
        // Links mailed to the old address are void now.
        await this.tokens.spendAllOf(tx, user.id, ['verify_email', 'password_reset']);
        // Logins stay: this route knows no login to keep, and in a takeover (the change needed
        // the password) a live login is the owner's last way to act, while the attacker, who has
        // the password, would simply sign in again. The old address is told instead.
        if (user.email)
          await queueAccountNotice(
            this.outbox,
            tx,
            user,
            'email-changed',
            user.email,
            spent.address,
          );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('email_taken', 'An account with this email exists');
      throw error;
    }
  }

  private deps() {
    return { tokens: this.tokens, outbox: this.outbox, config: this.config };
  }
}

export function invalidToken(): DomainError {
  return new DomainError('invalid_token', 'The link is wrong, used or expired');
}
