import { Injectable } from '@nestjs/common';
import { Prisma, TransactionRunner, Tx } from '@parley/database';
import { WebhookEventData, WebhookEvents } from '@parley/webhooks';
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

  /**
   * SubscriptionStore.apply, with the event; null when `claim` did not claim the event. `userId`:
   * the user of the snapshot's customer as the caller read it (read here when not given). The
   * change and its event are one statement; should the customer's user have changed since that
   * read, the event is recorded for the user the statement saw, in a transaction of its own.
   */
  async apply(
    snapshot: SubscriptionSnapshot,
    stamp: Date,
    claim?: Prisma.Sql,
    userId?: string | null,
  ): Promise<ApplyOutcome | null> {
    const expected =
      userId === undefined ? await this.customers.knownUser(snapshot.customerId) : userId;
    const applied = await this.subscriptions.applyForUser(
      snapshot,
      stamp,
      claim,
      undefined,
      expected === null
        ? undefined
        : {
            userId: expected,
            statement: (condition) =>
              this.webhooks.recordSql(
                'entitlement.changed',
                changeData(expected, snapshot),
                condition,
              ),
          },
    );
    if (!applied) return null;
    const changed = applied.outcome === 'created' || applied.outcome === 'updated';
    if (changed && applied.userId !== null && applied.userId !== expected) {
      const user = applied.userId;
      await this.transactions.run((tx) => this.record(tx, user, snapshot));
    }
    return applied.outcome;
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
    await this.webhooks.record(tx, 'entitlement.changed', changeData(userId, snapshot));
  }
}

/** The `entitlement.changed` event's data; a null snapshot: the customer was deleted. */
function changeData(userId: string, snapshot: SubscriptionSnapshot | null): WebhookEventData {
  return {
    userId,
    source: 'stripe',
    subscriptionId: snapshot?.id ?? null,
    status: snapshot?.status ?? 'canceled',
    until: snapshot?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: snapshot?.cancelAtPeriodEnd ?? false,
  };
}
