import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { daysBefore, purgeInBatches, RetentionStep } from '@parley/database';
import { OutboxStore } from './outbox.store';

/**
 * Purges handled messages (sent or given up) RETENTION_OUTBOX_DAYS after they were queued: their
 * rows only serve the operator looking into a delivery, and a sent mail's payload holds the
 * address it went to.
 */
@Injectable()
export class OutboxRetention implements RetentionStep {
  readonly retentionName = 'outbox_messages';

  constructor(
    private readonly store: OutboxStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    const cutoff = daysBefore(now, this.config.values.RETENTION_OUTBOX_DAYS);
    return purgeInBatches((limit) => this.store.purgeFinishedBefore(cutoff, limit), signal);
  }
}
