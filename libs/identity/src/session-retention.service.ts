import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { daysBefore, RetentionStep } from '@parley/database';
import { LoginSessionStore } from './login-session.store';

/**
 * Purges refresh tokens RETENTION_REFRESH_TOKENS_DAYS after their expiry, whether spent, revoked
 * or never used, then the logins left with no token. Never earlier: a spent token must stay
 * until it expires so that presenting it again is recognised as a reuse. A login with no token
 * left can no longer refresh, and its access tokens are refused once its row is gone (the `sid`
 * check finds none).
 */
@Injectable()
export class SessionRetention implements RetentionStep {
  readonly retentionName = 'refresh_tokens';

  constructor(
    private readonly store: LoginSessionStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    const cutoff = daysBefore(now, this.config.values.RETENTION_REFRESH_TOKENS_DAYS);
    return this.store.purgeExpiredBefore(cutoff, signal);
  }
}
