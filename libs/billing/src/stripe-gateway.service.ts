import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import Stripe from 'stripe';
import {
  metadataUserId,
  SubscriptionSnapshot,
  toSubscriptionSnapshot,
} from './subscription-snapshot';

export interface CheckoutRequest {
  userId: string;
  customerId: string;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
}

export interface PriceDetails {
  priceId: string;
  name: string | null;
  amount: number | null;
  currency: string | null;
  interval: string | null;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The only importer of the `stripe` SDK: every call Parley makes to Stripe, and the webhook
 * signature check. Honours STRIPE_API_BASE (stripe-mock, the tests' fake server).
 */
@Injectable()
export class StripeGateway {
  private readonly client: Stripe | null;
  private readonly secrets: string[];
  private readonly tolerance: number;
  /** Live keys (`sk_live_`, `rk_live_`) accept live events only; any other key, test events only. */
  readonly livemode: boolean;

  constructor({ values }: AppConfig) {
    const key = values.STRIPE_SECRET_KEY?.trim() || null;
    this.client = key
      ? new Stripe(key, {
          ...apiBaseOptions(values.STRIPE_API_BASE),
          maxNetworkRetries: 1,
          timeout: REQUEST_TIMEOUT_MS,
          telemetry: false,
        })
      : null;
    this.livemode = key !== null && /^(sk|rk)_live_/.test(key);
    this.secrets = values.STRIPE_WEBHOOK_SECRET;
    this.tolerance = values.STRIPE_WEBHOOK_TOLERANCE_SECONDS;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /**
   * The verified event, or 400 invalid_signature: the signature must match one of the configured
   * secrets (rotation) over exactly these bytes, within the tolerance, and the body must be an
   * event. Without any secret nothing can be verified: 503, so that Stripe keeps retrying.
   */
  verifyEvent(rawBody: unknown, signature: string | string[] | undefined): Stripe.Event {
    if (this.secrets.length === 0)
      throw new DomainError('billing_not_configured', 'No webhook secret is configured');
    if (!Buffer.isBuffer(rawBody) || typeof signature !== 'string' || signature.length === 0) {
      throw invalidSignature();
    }
    for (const secret of this.secrets) {
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(rawBody, signature, secret, this.tolerance);
      } catch {
        continue;
      }
      if (!isEventShaped(event)) throw invalidSignature();
      return event;
    }
    throw invalidSignature();
  }

  async createCustomer(userId: string, idempotencyKey: string): Promise<string> {
    const customer = await this.call((stripe) =>
      stripe.customers.create({ metadata: { userId } }, { idempotencyKey }),
    );
    return customer.id;
  }

  async createCheckoutSession(request: CheckoutRequest): Promise<{ id: string; url: string }> {
    const session = await this.call((stripe) =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: request.customerId,
        line_items: [{ price: request.priceId, quantity: 1 }],
        client_reference_id: request.userId,
        metadata: { userId: request.userId },
        subscription_data: { metadata: { userId: request.userId } },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      }),
    );
    if (!session.url) throw new Error(`Checkout session ${session.id} has no url`);
    return { id: session.id, url: session.url };
  }

  async createPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }> {
    const session = await this.call((stripe) =>
      stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }),
    );
    return { url: session.url };
  }

  /** The customer's `metadata.userId`; null when it has none or Stripe deleted or never knew it. */
  async customerUserId(customerId: string): Promise<string | null> {
    try {
      const customer = await this.call((stripe) => stripe.customers.retrieve(customerId));
      return customer.deleted ? null : metadataUserId(customer.metadata);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Every customer (Stripe's list, page by page) whose metadata names a user. */
  async customersWithUserId(): Promise<{ customerId: string; userId: string }[]> {
    return this.call(async (stripe) => {
      const found: { customerId: string; userId: string }[] = [];
      for await (const customer of stripe.customers.list({ limit: 100 })) {
        const userId = metadataUserId(customer.metadata);
        if (userId) found.push({ customerId: customer.id, userId });
      }
      return found;
    });
  }

  /** The subscription as Stripe has it now; null when Stripe does not know it. */
  async retrieveSubscription(id: string): Promise<SubscriptionSnapshot | null> {
    try {
      return toSubscriptionSnapshot(await this.call((stripe) => stripe.subscriptions.retrieve(id)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Every subscription of the customer, whatever its status. */
  async listSubscriptions(customerId: string): Promise<SubscriptionSnapshot[]> {
    const all = await this.call((stripe) =>
      stripe.subscriptions
        .list({ customer: customerId, status: 'all', limit: 100 })
        .autoPagingToArray({ limit: 10_000 }),
    );
    return all.map(toSubscriptionSnapshot);
  }

  /** Cancels at once (no period end); null when Stripe no longer knows the subscription. */
  async cancelSubscription(id: string): Promise<SubscriptionSnapshot | null> {
    try {
      return toSubscriptionSnapshot(await this.call((stripe) => stripe.subscriptions.cancel(id)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async retrievePrice(priceId: string): Promise<PriceDetails> {
    const price = await this.call((stripe) =>
      stripe.prices.retrieve(priceId, { expand: ['product'] }),
    );
    const product = price.product;
    const name =
      typeof product === 'object' && product !== null && 'name' in product
        ? product.name
        : (price.nickname ?? null);
    return {
      priceId: price.id,
      name,
      amount: price.unit_amount ?? null,
      currency: price.currency ?? null,
      interval: price.recurring?.interval ?? null,
    };
  }

  /**
   * Runs one SDK call. Stripe being down, slow or rate-limiting is a 503 the client may retry;
   * any other Stripe error (a bad request) stays an internal error, logged with its message only.
   */
  private async call<T>(request: (stripe: Stripe) => Promise<T>): Promise<T> {
    if (!this.client)
      throw new DomainError('billing_not_configured', 'Billing is not configured on this server');
    try {
      return await request(this.client);
    } catch (error) {
      if (isUnavailable(error))
        throw new DomainError(
          'service_unavailable',
          'Stripe cannot be reached; try again shortly',
          undefined,
          { 'Retry-After': '5' },
        );
      throw error;
    }
  }
}

function apiBaseOptions(apiBase: string | undefined): {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
} {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

function invalidSignature(): DomainError {
  return new DomainError(
    'invalid_signature',
    'The Stripe-Signature header does not verify this body',
  );
}

function isEventShaped(event: unknown): event is Stripe.Event {
  const e = event as Partial<Stripe.Event> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    typeof e.created === 'number' &&
    typeof e.livemode === 'boolean' &&
    typeof e.data?.object === 'object' &&
    e.data.object !== null
  );
}

function isUnavailable(error: unknown): boolean {
  const e = error as { type?: unknown; statusCode?: unknown };
  return (
    ['StripeConnectionError', 'StripeAPIError', 'StripeRateLimitError'].includes(String(e?.type)) ||
    (typeof e?.statusCode === 'number' && (e.statusCode >= 500 || e.statusCode === 429))
  );
}

function isMissing(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown };
  return e?.code === 'resource_missing' || e?.statusCode === 404;
}
