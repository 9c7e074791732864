import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { RetentionStep } from '@parley/database';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';

const HOUR_MS = 3_600_000;

/**
 * Purges comment Idempotency-Keys older than RETENTION_IDEMPOTENCY_KEYS_HOURS (at least 24, the
 * time a key answers retries: an older key is free again anyway, see CommentPostingService).
 */
@Injectable()
export class IdempotencyKeyRetention implements RetentionStep {
  readonly retentionName = 'comment_idempotency_keys';

  constructor(
    private readonly keys: CommentIdempotencyKeyStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    const cutoff = new Date(
      now.getTime() - this.config.values.RETENTION_IDEMPOTENCY_KEYS_HOURS * HOUR_MS,
    );
    return this.keys.purgeOlderThan(cutoff, signal);
  }
}
