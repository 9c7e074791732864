import { Injectable } from '@nestjs/common';
import { Prisma, TransactionRunner, Tx } from '@parley/database';
import { WebhookEvents } from '@parley/webhooks';
import { StripeCustomerStore } from './stripe-customer.store';
import type { SubscriptionSnapshot } from './subscription-snapshot';
import { ApplyOutcome, SubscriptionStore } from './subscription.store';

/**
 * Stripe's changes to a user's entitlement, for webhooks and reconciliation alike: the snapshot is
 * applied through SubscriptionStore's one write path, and when that changed something, the
 * publisher webhook event `entitlement.changed` is recorded in the same transaction.
 */
@Injectable()
export class StripeEntitlementChanges {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly subscriptions: SubscriptionStore,
    private readonly customers: StripeCustomerStore,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** SubscriptionStore.apply, with the event; null when `claim` did not claim the event. */
  apply(
    snapshot: SubscriptionSnapshot,
    stamp: Date,
    claim?: Prisma.Sql,
  ): Promise<ApplyOutcome | null> {
    return this.transactions.run(async (tx) => {
      const applied = await this.subscriptions.applyForUser(snapshot, stamp, claim, tx);
      if (!applied) return null;
      if (applied.userId && (applied.outcome === 'created' || applied.outcome === 'updated'))
        await this.record(tx, applied.userId, snapshot);
      return applied.outcome;
    });
  }

  /** Stripe deleted the customer: every subscription of it ended (in the caller's transaction). */
  async customerDeleted(tx: Tx, customerId: string): Promise<void> {
    const userId = await this.customers.userOf(customerId, tx);
    if (userId) await this.record(tx, userId, null);
  }

  private async record(
    tx: Tx,
    userId: string,
    snapshot: SubscriptionSnapshot | null,
  ): Promise<void> {
    await this.webhooks.record(tx, 'entitlement.changed', {
      userId,
      source: 'stripe',
      subscriptionId: snapshot?.id ?? null,
      status: snapshot?.status ?? 'canceled',
      until: snapshot?.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: snapshot?.cancelAtPeriodEnd ?? false,
    });
  }
}
