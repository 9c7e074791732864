import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import { StripeGateway } from './stripe-gateway.service';
import { FINAL_STATUSES } from './subscription-rules';
import { ComplimentaryGrantStore } from './complimentary-grant.store';
import { PublisherEntitlementStore } from './publisher-entitlement.store';
import { SubscriptionStore } from './subscription.store';

/**
 * Billing's part of erasing an account (identity's AccountErasureStep): every subscription that
 * could still bill is cancelled at once through Stripe, and complimentary and publisher access end.
 */
@Injectable()
export class BillingErasureService {
  constructor(
    private readonly gateway: StripeGateway,
    private readonly store: SubscriptionStore,
    private readonly complimentary: ComplimentaryGrantStore,
    private readonly publisher: PublisherEntitlementStore,
  ) {}

  async eraseAccountData(userId: string): Promise<void> {
    const live = (await this.store.forUser(userId)).filter(
      (subscription) => !FINAL_STATUSES.includes(subscription.status),
    );
    if (live.length > 0 && !this.gateway.configured) {
      throw new DomainError(
        'billing_not_configured',
        'The subscription cannot be cancelled: billing is not configured',
      );
    }
    for (const subscription of live) {
      const readAt = new Date();
      const cancelled = await this.gateway.cancelSubscription(subscription.id);
      const snapshot = cancelled ?? {
        id: subscription.id,
        customerId: subscription.customerId,
        status: 'canceled',
        priceId: subscription.priceId,
        currentPeriodEnd: subscription.currentPeriodEnd,
        cancelAtPeriodEnd: false,
        metadataUserId: null,
      };
      await this.store.apply(snapshot, readAt);
    }
    await this.complimentary.delete(userId);
    await this.publisher.delete(userId);
  }
}
