import { PrismaService } from '@parley/database';
import { FakeStripeServer, signStripeEvent, stripeEvent } from '@parley/testing';
import type { Test } from 'supertest';
import { TestAccount } from './accounts';
import { createTestApp, TestApp } from './test-app';

export const WEBHOOK_SECRET = 'whsec_test_current_0123456789';
export const OLD_WEBHOOK_SECRET = 'whsec_test_previous_0123456789';
export const MONTHLY = 'price_monthly_test';
export const YEARLY = 'price_yearly_test';

/** An invoice as Stripe sends it in invoice.* events: it names its subscription. */
export function invoiceOf(subscriptionId: unknown, id: string): Record<string, unknown> {
  return {
    id,
    object: 'invoice',
    parent: { subscription_details: { subscription: subscriptionId } },
  };
}

export interface BillingKit {
  t: TestApp;
  stripe: FakeStripeServer;
  prisma: PrismaService;
  close(): Promise<void>;
  /** Signs and posts an event (a supertest request: chain .expect()). */
  deliver(
    type: string,
    object: Record<string, unknown>,
    options?: { id?: string; created?: number; livemode?: boolean },
  ): Test;
  /** POST /billing/checkout for the account (a supertest request: chain .expect()). */
  checkout(account: TestAccount, priceId?: string): Test;
  /** Checks out (201) and returns the Stripe customer id Parley stored for the account. */
  customerOf(account: TestAccount): Promise<string>;
  /** Checks out for the account and completes the payment in the fake; returns the subscription. */
  subscribe(account: TestAccount): Promise<Record<string, unknown>>;
  entitlement(account: TestAccount): Promise<Record<string, unknown>>;
}

/** The app wired to a fresh fake Stripe server, with two plans and a rotated webhook secret. */
export async function createBillingKit(
  env: Record<string, string | undefined> = {},
): Promise<BillingKit> {
  const stripe = await FakeStripeServer.start();
  stripe.addPrice({
    id: MONTHLY,
    name: 'Monthly',
    amount: 900,
    currency: 'eur',
    interval: 'month',
  });
  stripe.addPrice({ id: YEARLY, name: 'Yearly', amount: 9000, currency: 'eur', interval: 'year' });
  const t = await createTestApp({
    STRIPE_SECRET_KEY: 'sk_test_fake_0123456789',
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: `${WEBHOOK_SECRET},${OLD_WEBHOOK_SECRET}`,
    STRIPE_PRICE_IDS: `${MONTHLY},${YEARLY}`,
    PUBLIC_APP_URL: 'https://news.example/',
    ...env,
  });
  const kit: BillingKit = {
    t,
    stripe,
    prisma: t.app.get(PrismaService),
    close: async () => {
      await t.close();
      await stripe.stop();
    },
    deliver: (type, object, options = {}) => {
      const signed = signStripeEvent(stripeEvent(type, object, options), WEBHOOK_SECRET);
      return t.http().post('/api/v1/billing/webhook').set(signed.headers).send(signed.body);
    },
    checkout: (account, priceId = MONTHLY) =>
      t.http().post('/api/v1/billing/checkout').set(account.auth).send({ priceId }),
    customerOf: async (account) => {
      await kit.checkout(account).expect(201);
      return (await kit.prisma.stripeCustomer.findUniqueOrThrow({ where: { userId: account.id } }))
        .customerId;
    },
    subscribe: async (account) => {
      const checkout = await kit.checkout(account).expect(201);
      const { session, subscription } = stripe.completeCheckout(checkout.body.id);
      await kit.deliver('checkout.session.completed', session).expect(200);
      return subscription;
    },
    entitlement: async (account) =>
      (await t.http().get('/api/v1/me').set(account.auth).expect(200)).body.entitlement,
  };
  return kit;
}
