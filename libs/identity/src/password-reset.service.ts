import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { queueTokenMail } from './account-mail';
import { checkPassword, normalizeEmail } from './account-text';
import { AuthRateLimits } from './auth-rate-limits.service';
import { EmailTokenStore } from './email-token.store';
import { invalidToken } from './email-verification.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokenService } from './refresh-token.service';

/**
 * Forgotten passwords: a one-hour, single-use link by mail, then a new password that ends every
 * login and access token of the account.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: EmailTokenStore,
    private readonly outbox: OutboxStore,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimits: AuthRateLimits,
    private readonly config: AppConfig,
  ) {}

  /**
   * The same answer, in the same time, for any address: after the rate limits (which count
   * unknown addresses too) the lookup and the queuing happen after the response, so neither the
   * status nor the timing tells whether an account exists.
   */
  async request(email: string, clientIp: string): Promise<void> {
    await this.rateLimits.mail(clientIp, email);
    void this.queue(normalizeEmail(email)).catch((error: Error) =>
      this.logger.warn(`Password reset could not be queued: ${error.message}`),
    );
  }

  /** Sets the new password, spends the token, ends every login; 400 invalid_token. */
  async confirm(token: string, newPassword: string): Promise<void> {
    const passwordHash = await this.hasher.hash(checkPassword(newPassword, 'newPassword'));
    await this.prisma.$transaction(async (tx) => {
      const spent = await this.tokens.spend(tx, token, ['password_reset']);
      const user = spent && (await tx.user.findUnique({ where: { id: spent.userId } }));
      if (
        !spent ||
        !user ||
        user.erasedAt ||
        user.emailNormalized !== normalizeEmail(spent.address)
      )
        throw invalidToken();
      await tx.user.update({
        where: { id: user.id },
        data: {
          passwordHash,
          tokenVersion: { increment: 1 },
          // The link reached the account's address: that proves the address too.
          emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
        },
      });
      await this.tokens.spendAllOf(tx, user.id, ['password_reset']);
      await this.refreshTokens.revokeAllOfUser(user.id, tx);
    });
  }

  private async queue(emailNormalized: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { emailNormalized } });
      if (!user?.email || user.erasedAt) return;
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
