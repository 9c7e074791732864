import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { daysBefore, RetentionStep } from '@parley/database';
import { StripeEventStore } from './stripe-event.store';

/**
 * Purges processed Stripe events RETENTION_STRIPE_EVENTS_DAYS after they were applied (at least 7:
 * Stripe retries a delivery for up to 3 days, and a repeat must still be recognised). Events that
 * never succeeded stay, with their error, until a retry applies them.
 */
@Injectable()
export class StripeEventRetention implements RetentionStep {
  readonly retentionName = 'stripe_events';

  constructor(
    private readonly events: StripeEventStore,
    private readonly config: AppConfig,
  ) {}

  purgeExpired(now: Date, signal?: AbortSignal): Promise<number> {
    return this.events.purgeProcessedBefore(
      daysBefore(now, this.config.values.RETENTION_STRIPE_EVENTS_DAYS),
      signal,
    );
  }
}
