import { Injectable } from '@nestjs/common';
import type { RetentionStep } from '@parley/database';
import { SsoTokenUseStore } from './sso-token-use.store';

/**
 * Forgets spent publisher tokens once they could no longer be accepted (their exp plus the clock
 * tolerance, stored as the row's expiry): a replay of one is then refused as expired anyway.
 */
@Injectable()
export class SsoTokenRetention implements RetentionStep {
  readonly retentionName = 'sso_token_uses';

  constructor(private readonly store: SsoTokenUseStore) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    return this.store.purgeExpiredBefore(now, signal);
  }
}
