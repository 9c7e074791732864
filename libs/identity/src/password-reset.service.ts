import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner } from '@parley/database';
import { ClaimedMessage, OutboxHandler, OutboxStore } from '@parley/outbox';
import { queueTokenMail } from './account-mail';
import { checkPassword, normalizeEmail } from './account-text';
import { AuthRateLimits } from './auth-rate-limits.service';
import { EmailTokenStore } from './email-token.store';
import { invalidToken } from './email-verification.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';
import { UserStore } from './user.store';

/** The outbox channel of requests that identity itself completes after the answer. */
export const ACCOUNT_CHANNEL = 'account';

/**
 * Forgotten passwords: a one-hour, single-use link by mail, then a new password that ends every
 * login and access token of the account.
 */
@Injectable()
export class PasswordResetService implements OutboxHandler {
  readonly channel = ACCOUNT_CHANNEL;
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UserStore,
    private readonly tokens: EmailTokenStore,
    private readonly outbox: OutboxStore,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimits: AuthRateLimits,
    private readonly config: AppConfig,
  ) {}

  /**
   * The same answer, in the same time, for any address: after the per-IP limit (the only 429)
   * the request does one and the same INSERT whatever the address (a `password-reset` outbox
   * message); the per-address cap, the lookup and the mail happen in the worker (handle()), so
   * neither the status nor the timing tells whether an account exists or how often its reset was
   * asked for, and a stranger's requests never refuse the owner's. The address is kept under
   * `secret`, removed from the row once handled.
   */
  async request(email: string, clientIp: string): Promise<void> {
    await this.rateLimits.mailRequest(clientIp);
    await this.transactions.run((tx) =>
      this.outbox.enqueue(tx, {
        channel: ACCOUNT_CHANNEL,
        kind: 'password-reset',
        payload: { secret: { email: normalizeEmail(email) } },
      }),
    );
  }

  /**
   * The worker's half of request(): a link to the account of that address, if there is one and
   * the address has not had its MAIL_RATE_LIMIT_PER_ADDRESS reset mails this window (counted for
   * unknown addresses too; over it, nothing is sent).
   */
  async handle(message: ClaimedMessage): Promise<void> {
    const email = (message.payload.secret as { email?: unknown } | undefined)?.email;
    if (message.kind !== 'password-reset' || typeof email !== 'string') return;
    if (!(await this.rateLimits.resetMail(email))) {
      this.logger.warn(
        `Reset request ${message.id} not mailed: its address has had MAIL_RATE_LIMIT_PER_ADDRESS reset mails this window`,
      );
      return;
    }
    await this.queue(email);
  }

  /**
   * Sets the new password, spends the token, ends every login, and voids a pending change of
   * address (whoever asked for it had the old password; the owner taking the account back must
   * not find it moved by a link still in someone's hands); 400 invalid_token. A verification link
   * of the current address stays: it can only confirm the address the account has.
   */
  async confirm(token: string, newPassword: string): Promise<void> {
    const passwordHash = await this.hasher.hash(checkPassword(newPassword, 'newPassword'));
    await this.transactions.run(async (tx) => {
      const spent = await this.tokens.spend(tx, token, ['password_reset']);
      const user = spent && (await this.users.findById(spent.userId, tx));
      if (
        !spent ||
        !user ||
        user.erasedAt ||
        user.emailNormalized !== normalizeEmail(spent.address)
      )
        throw invalidToken();
      // The link reached the account's address: that proves the address too.
      await this.users.setPassword(user.id, passwordHash, tx, user.emailVerifiedAt ?? new Date());
      await this.tokens.spendAllOf(tx, user.id, ['password_reset', 'change_email']);
      await this.refreshTokens.revokeAllOfUser(user.id, tx);
    });
  }

  private async queue(emailNormalized: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const user = await this.users.findByEmail(emailNormalized, tx);
      // An account without a password signs in through its publisher (POST /auth/sso): a reset
      // would give it a second way in that the publisher does not control, so none is sent.
      if (!user?.email || user.erasedAt || !user.passwordHash) return;
      await queueTokenMail(
        { tokens: this.tokens, outbox: this.outbox, config: this.config },
        tx,
        user,
        'password_reset',
        user.email,
      );
    });
  }
}
