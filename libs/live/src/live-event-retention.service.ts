import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { purgeInBatches, RetentionStep } from '@parley/database';
import { LiveEventStore } from './live-event.store';

/**
 * Purges live events older than LIVE_HISTORY_SECONDS (PostgreSQL mode; Redis trims its streams
 * as it appends). The counters stay: one small row per article keeps ids increasing, so an old
 * Last-Event-ID is recognised as too old instead of matching a new event.
 */
@Injectable()
export class LiveEventRetention implements RetentionStep {
  readonly retentionName = 'live_events';

  constructor(
    private readonly store: LiveEventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.values.LIVE_HISTORY_SECONDS * 1000);
    return purgeInBatches((limit) => this.store.purgeBefore(cutoff, limit), signal);
  }
}
