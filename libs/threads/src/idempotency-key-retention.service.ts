import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService, purgeInBatches, RetentionStep } from '@parley/database';

const HOUR_MS = 3_600_000;

/**
 * Purges comment Idempotency-Keys older than RETENTION_IDEMPOTENCY_KEYS_HOURS (at least 24, the
 * time a key answers retries: an older key is free again anyway, see CommentPostingService).
 */
@Injectable()
export class IdempotencyKeyRetention implements RetentionStep {
  readonly retentionName = 'comment_idempotency_keys';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date): Promise<number> {
    const cutoff = new Date(
      now.getTime() - this.config.values.RETENTION_IDEMPOTENCY_KEYS_HOURS * HOUR_MS,
    );
    return purgeInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM comment_idempotency_keys WHERE (user_id, key) IN (
          SELECT user_id, key FROM comment_idempotency_keys WHERE created_at < ${cutoff} LIMIT ${limit})`,
    );
  }
}
