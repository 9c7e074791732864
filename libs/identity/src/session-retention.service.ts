import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { RetentionStep } from '@parley/database';
import { LoginSessionStore } from './login-session.store';

const DAY_MS = 86_400_000;

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

  purgeExpired(now: Date): Promise<number> {
    const cutoff = new Date(
      now.getTime() - this.config.values.RETENTION_REFRESH_TOKENS_DAYS * DAY_MS,
    );
    return this.store.purgeExpiredBefore(cutoff);
  }
}
