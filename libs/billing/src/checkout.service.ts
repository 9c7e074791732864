import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DomainError, validationFailed } from '@parley/errors';
import { RateLimiter } from '@parley/rate-limit';
import { PlansService } from './plans.service';
import { StripeCustomers } from './stripe-customers.service';
import { StripeGateway } from './stripe-gateway.service';
import { subscriptionGrant } from './subscription-rules';
import { SubscriptionStore } from './subscription.store';

/** Starts Stripe Checkout and the Customer Portal for a signed-in user. */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly config: AppConfig,
    private readonly gateway: StripeGateway,
    private readonly plans: PlansService,
    private readonly customers: StripeCustomers,
    private readonly subscriptions: SubscriptionStore,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /**
   * A Checkout session in subscription mode. Someone whose subscription already grants access
   * gets 409 conflict: a second subscription would bill twice; plan changes go through the portal.
   */
  async checkout(
    userId: string,
    priceId: string,
    now = new Date(),
  ): Promise<{ id: string; url: string }> {
    this.requireConfigured();
    if (!this.plans.priceIds.includes(priceId)) {
      throw validationFailed({
        field: 'priceId',
        message: 'priceId must be one of the plans in GET /billing/plans',
      });
    }
    await this.limit(userId);
    const existing = await this.subscriptions.forUser(userId);
    const granting = existing.some((subscription) => {
      const grant = subscriptionGrant(subscription, this.config.values.BILLING_PAST_DUE_GRACE_DAYS);
      return grant !== null && (grant.activeUntil === null || grant.activeUntil > now);
    });
    if (granting)
      throw new DomainError(
        'conflict',
        'You already have a subscription; manage it through POST /billing/portal',
      );
    const customerId = await this.customers.ensure(userId);
    const base = this.appUrl();
    return this.gateway.createCheckoutSession({
      userId,
      customerId,
      priceId,
      successUrl: `${base}/?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${base}/?checkout=cancelled`,
    });
  }

  /** A Customer Portal session; 404 not_found for a user who never checked out. */
  async portal(userId: string): Promise<{ url: string }> {
    this.requireConfigured();
    await this.limit(userId);
    const customerId = await this.customers.find(userId);
    if (!customerId)
      throw new DomainError(
        'not_found',
        'You have no billing account yet; start with POST /billing/checkout',
      );
    return this.gateway.createPortalSession(customerId, `${this.appUrl()}/`);
  }

  /** Each session costs Stripe API calls (and Stripe's rate limit is per account): one budget per user. */
  private limit(userId: string): Promise<void> {
    return this.rateLimiter.enforce({
      key: `billing:user:${userId}`,
      limit: this.config.values.BILLING_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
  }

  private requireConfigured(): void {
    if (!this.gateway.configured)
      throw new DomainError('billing_not_configured', 'Billing is not configured on this server');
  }

  private appUrl(): string {
    return this.config.values.PUBLIC_APP_URL.replace(/\/+$/, '');
  }
}
