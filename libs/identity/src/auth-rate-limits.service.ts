import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { RateLimiter, RateLimitRule } from '@parley/rate-limit';
import { createHash } from 'node:crypto';
import { normalizeEmail } from './account-text';
import { knownClientMarker, LoginClient, loginFailureBudgets } from './login-failure-rules';

/** A login attempt's reservation: it counts as a failure unless given back. */
export interface LoginAttempt {
  /** The password was right: the attempt does not count, and its address becomes known. */
  succeeded(): Promise<void>;
  /** Something other than a wrong password ended it (an outage, a full queue): it does not count. */
  abandoned(): Promise<void>;
}

/**
 * Budgets of the sign-in routes. Logins spend failure budgets only (see login-failure-rules.ts);
 * registrations, refreshes and publisher sign-ins each have a per-IP budget; password checks of a signed-in account
 * a per-account one. Emails are keyed by a hash so that Redis never holds addresses. Client IPs
 * arrive as the HTTP layer keys them (IPv6 reduced to its /64).
 */
@Injectable()
export class AuthRateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Reserves the attempt's failure budgets (429 rate_limited when one is spent). */
  async loginAttempt(clientIp: string, email: string): Promise<LoginAttempt> {
    const {
      AUTH_LOGIN_FAILURES_PER_IP,
      AUTH_LOGIN_FAILURES_PER_IP_EMAIL,
      AUTH_LOGIN_FAILURES_PER_EMAIL_PER_HOUR,
    } = this.config.values;
    const emailKey = createHash('sha256').update(normalizeEmail(email)).digest('base64url');
    const marker = knownClientMarker({ ip: clientIp, emailKey });
    const client: LoginClient = {
      ip: clientIp,
      emailKey,
      known: (await this.limiter.count(marker)) > 0,
    };
    const budgets = loginFailureBudgets(client, {
      perIp: AUTH_LOGIN_FAILURES_PER_IP,
      perIpEmail: AUTH_LOGIN_FAILURES_PER_IP_EMAIL,
      perEmailPerHour: AUTH_LOGIN_FAILURES_PER_EMAIL_PER_HOUR,
    });
    await this.limiter.reserve(...budgets);
    return {
      succeeded: async () => {
        await this.limiter.release(...budgets);
        if (!client.known) await this.limiter.record(marker);
      },
      abandoned: () => this.limiter.release(...budgets),
    };
  }

  async register(clientIp: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_IP, AUTH_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `register:ip:${clientIp}`,
      limit: AUTH_RATE_LIMIT_PER_IP,
      windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
    });
  }

  /**
   * Password checks of a signed-in account (password change, erasure), keyed by user: a stolen
   * access token cannot be used to guess the password.
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
   * Every route that sends mail (verification resends, password resets, email changes), per
   * client IP: 429 when spent, so that one client cannot make Parley mail many addresses.
   */
  async mailRequest(clientIp: string): Promise<void> {
    const { MAIL_RATE_LIMIT_PER_IP, MAIL_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `mail:ip:${clientIp}`,
      limit: MAIL_RATE_LIMIT_PER_IP,
      windowSeconds: MAIL_RATE_LIMIT_WINDOW_SECONDS,
    });
  }

  /**
   * Mails that a signed-in account's own request sends (a verification resend; an email change's
   * confirmation to the new address and notice to the current one), per recipient address: 429
   * when one address's budget is spent, nothing counted. Strangers cannot spend it: their
   * password-reset requests count in `resetMail`'s budget, and a change to an address that has an
   * account is refused (409) before this is counted.
   */
  async ownerMail(...addresses: string[]): Promise<void> {
    await this.limiter.reserve(
      ...addresses.map((address) => this.addressRule('mail:address', address)),
    );
  }

  /**
   * A password-reset mail to this address, which anyone may ask for: false once the address has
   * had its budget of them this window (send nothing). Never a 429, so the answer stays the same
   * for every address (the contract) and a stranger's requests refuse nothing to the owner; they
   * can only use up the reset mails themselves, which is the flood protection the cap is for.
   */
  async resetMail(address: string): Promise<boolean> {
    return this.limiter.allow(this.addressRule('mail:reset', address));
  }

  async refresh(clientIp: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_IP, AUTH_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `refresh:ip:${clientIp}`,
      limit: AUTH_RATE_LIMIT_PER_IP,
      windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
    });
  }

  /**
   * POST /auth/sso, per client IP (every attempt counts, as registrations do: a success may
   * create an account, and a failure may cost a JWKS fetch).
   */
  async sso(clientIp: string): Promise<void> {
    const { AUTH_RATE_LIMIT_PER_IP, AUTH_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    await this.limiter.enforce({
      key: `sso:ip:${clientIp}`,
      limit: AUTH_RATE_LIMIT_PER_IP,
      windowSeconds: AUTH_RATE_LIMIT_WINDOW_SECONDS,
    });
  }

  /** PATCH /me: profile changes per user. */
  async profileChange(userId: string): Promise<void> {
    await this.limiter.enforce({
      key: `profile:user:${userId}`,
      limit: this.config.values.PROFILE_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
  }

  private addressRule(prefix: string, address: string): RateLimitRule {
    const { MAIL_RATE_LIMIT_PER_ADDRESS, MAIL_RATE_LIMIT_WINDOW_SECONDS } = this.config.values;
    const addressKey = createHash('sha256').update(normalizeEmail(address)).digest('base64url');
    return {
      key: `${prefix}:${addressKey}`,
      limit: MAIL_RATE_LIMIT_PER_ADDRESS,
      windowSeconds: MAIL_RATE_LIMIT_WINDOW_SECONDS,
    };
  }
}
