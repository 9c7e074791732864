import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { RateLimiter } from '@parley/rate-limit';
import { createHash } from 'node:crypto';
import { normalizeEmail } from './account-text';

/**
 * Budgets of the sign-in routes. Login and register share one budget per client IP and one per
 * email (every attempt counts, successful or not); refresh has its own per-IP budget of the same
 * size. Emails are keyed by a hash so that Redis never holds addresses.
 */
@Injectable()
export class AuthRateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async signIn(clientIp: string, email: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_IP, AUTH_RATE_LIMIT_PER_EMAIL, AUTH_RATE_LIMIT_WINDOW_SECONDS } =
      this.config.values;
    const emailKey = createHash('sha256').update(normalizeEmail(email)).digest('base64url');
    await this.limiter.enforce(
      {
        key: `auth:ip:${clientIp}`,
        limit: AUTH_RATE_LIMIT_PER_IP,
        windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
      },
      {
        key: `auth:email:${emailKey}`,
        limit: AUTH_RATE_LIMIT_PER_EMAIL,
        windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
      },
    );
  }

  /**
   * Password checks of a signed-in account (password change, erasure) share the per-email budget
   * size, keyed by user: a stolen access token cannot be used to guess the password.
   */
  async passwordCheck(userId: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_EMAIL, AUTH_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `password:user:${userId}`,
      limit: AUTH_RATE_LIMIT_PER_EMAIL,
      windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
    });
  }

  /**
   * Routes that send mail (verification, password reset, email change): per client IP and per
   * recipient address, so Parley cannot be used to flood someone's mailbox.
   */
  async mail(clientIp: string, address: string): Promise<void> {
    const { MAIL_RATE_LIMIT_PER_IP, MAIL_RATE_LIMIT_PER_ADDRESS, MAIL_RATE_LIMIT_WINDOW_SECONDS } =
      this.config.values;
    const addressKey = createHash('sha256').update(normalizeEmail(address)).digest('base64url');
    await this.limiter.enforce(
      {
        key: `mail:ip:${clientIp}`,
        limit: MAIL_RATE_LIMIT_PER_IP,
        windowSeconds: MAIL_RATE_LIMIT_WINDOW_SECONDS,
      },
      {
        key: `mail:address:${addressKey}`,
        limit: MAIL_RATE_LIMIT_PER_ADDRESS,
        windowSeconds: MAIL_RATE_LIMIT_WINDOW_SECONDS,
      },
    );
  }

  async refresh(clientIp: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_IP, AUTH_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `refresh:ip:${clientIp}`,
      limit: AUTH_RATE_LIMIT_PER_IP,
      windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
    });
  }
}
