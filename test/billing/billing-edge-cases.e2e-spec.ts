import { randomUUID } from 'node:crypto';
import { BillingReconcileService, EntitlementService } from '@parley/billing';
import { signStripeEvent, stripeEvent } from '@parley/testing';
import { registerAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import {
  BillingKit,
  createBillingKit,
  MONTHLY,
  WEBHOOK_SECRET,
  YEARLY,
  invoiceOf,
} from '../support/billing';

jest.setTimeout(60_000);

const DAY = 86_400;
const WEBHOOK = '/api/v1/billing/webhook';
const nowUnix = () => Math.floor(Date.now() / 1000);

describe('billing edge cases', () => {
  let kit: BillingKit;
  beforeAll(async () => {
    kit = await createBillingKit();
  });
  afterAll(() => kit.close());

  async function storedCustomerOf(userId: string): Promise<string | null> {
    const row = await kit.prisma.stripeCustomer.findUnique({ where: { userId } });
    return row && !row.deletedAt ? row.customerId : null;
  }

  /**
   * The badge both ways: for a page of comments (one query for many, alone and with the authors'
   * profiles, which must agree) and for a post's answer.
   */
  async function badges(accountId: string): Promise<[boolean, boolean]> {
    const entitlements = kit.t.app.get(EntitlementService);
    const page = await entitlements.activeSubscriberIds([accountId]);
    const authors = await entitlements.authorsWithBadges([accountId]);
    expect(authors.get(accountId)?.subscriber).toBe(page.has(accountId));
    const { subscriber } = await entitlements.withBadge({
      id: accountId,
      role: 'reader',
      status: 'active',
      suspendedUntil: null,
      emailVerified: true,
    });
    return [page.has(accountId), subscriber];
  }

  describe('past_due', () => {
    it('grants for BILLING_PAST_DUE_GRACE_DAYS (14) after the period end, shown as activeUntil', async () => {
      const account = await registerAccount(kit.t);
      const periodEnd = nowUnix() - 3 * DAY;
      const sub = kit.stripe.createSubscription({
        customerId: await kit.customerOf(account),
        status: 'past_due',
        currentPeriodEnd: periodEnd,
      });
      await kit.deliver('customer.subscription.updated', sub).expect(200);
      expect(await kit.entitlement(account)).toMatchObject({
        canComment: true,
        source: 'stripe',
        activeUntil: new Date((periodEnd + 14 * DAY) * 1000).toISOString(),
        subscription: { status: 'past_due' },
      });
      expect(await badges(account.id)).toEqual([true, true]);
    });

    it('stops granting once the grace has passed, badge included', async () => {
      const account = await registerAccount(kit.t);
      const sub = kit.stripe.createSubscription({
        customerId: await kit.customerOf(account),
        status: 'past_due',
        currentPeriodEnd: nowUnix() - 15 * DAY,
      });
      await kit.deliver('customer.subscription.updated', sub).expect(200);
      expect(await kit.entitlement(account)).toMatchObject({
        canComment: false,
        reason: 'subscription_required',
        activeUntil: null,
      });
      expect(await badges(account.id)).toEqual([false, false]);
      // And the lapsed payer may check out again.
      await kit.checkout(account, YEARLY).expect(201);
    });
  });

  describe('a subscription for a customer Parley has no row for', () => {
    it("is linked through the customer's metadata.userId", async () => {
      const account = await registerAccount(kit.t);
      const customer = kit.stripe.createCustomer({ userId: account.id });
      const sub = kit.stripe.createSubscription({ customerId: String(customer.id) });
      await kit.deliver('customer.subscription.created', sub).expect(200);
      expect(await storedCustomerOf(account.id)).toBe(customer.id);
      expect(await kit.entitlement(account)).toMatchObject({ canComment: true, source: 'stripe' });
    });

    it("is linked through the subscription's metadata.userId", async () => {
      const account = await registerAccount(kit.t);
      const customer = kit.stripe.createCustomer();
      const sub = kit.stripe.createSubscription({
        customerId: String(customer.id),
        metadata: { userId: account.id },
      });
      await kit.deliver('invoice.paid', invoiceOf(sub.id, `in_${randomUUID()}`)).expect(200);
      expect(await storedCustomerOf(account.id)).toBe(customer.id);
      expect((await kit.entitlement(account)).canComment).toBe(true);
    });

    it('is still linked when Stripe cannot be read, from the event’s own subscription metadata', async () => {
      const account = await registerAccount(kit.t);
      const customer = kit.stripe.createCustomer();
      const sub = kit.stripe.createSubscription({
        customerId: String(customer.id),
        metadata: { userId: account.id },
      });
      kit.stripe.fail('GET', '/v1/');
      try {
        await kit.deliver('customer.subscription.created', sub).expect(200);
      } finally {
        kit.stripe.clearFailures();
      }
      expect(await storedCustomerOf(account.id)).toBe(customer.id);
    });

    it('stores nothing when the metadata names no existing account, or is not an id', async () => {
      for (const userId of [randomUUID(), 'not-a-uuid', "'; DROP TABLE users; --"]) {
        const customer = kit.stripe.createCustomer({ userId });
        const sub = kit.stripe.createSubscription({
          customerId: String(customer.id),
          metadata: { userId },
        });
        await kit.deliver('customer.subscription.created', sub).expect(200);
        expect(
          await kit.prisma.stripeCustomer.count({ where: { customerId: String(customer.id) } }),
        ).toBe(0);
        expect(await kit.prisma.stripeSubscription.count({ where: { id: String(sub.id) } })).toBe(
          0,
        );
      }
    });

    it('does not take over a user who has another live customer', async () => {
      const account = await registerAccount(kit.t);
      const own = await kit.customerOf(account);
      const stranger = kit.stripe.createCustomer({ userId: account.id });
      const sub = kit.stripe.createSubscription({ customerId: String(stranger.id) });
      await kit.deliver('customer.subscription.created', sub).expect(200);
      expect(await storedCustomerOf(account.id)).toBe(own);
      expect((await kit.entitlement(account)).canComment).toBe(false);
    });

    it('replaces a customer that Stripe deleted', async () => {
      const account = await registerAccount(kit.t);
      const old = await kit.customerOf(account);
      await kit.deliver('customer.deleted', { id: old, object: 'customer' }).expect(200);
      const customer = kit.stripe.createCustomer({ userId: account.id });
      const sub = kit.stripe.createSubscription({ customerId: String(customer.id) });
      await kit.deliver('customer.subscription.created', sub).expect(200);
      expect(await storedCustomerOf(account.id)).toBe(customer.id);
      expect((await kit.entitlement(account)).canComment).toBe(true);
    });
  });

  describe('billing:reconcile --all', () => {
    it('walks every Stripe customer naming a user, across pages, and links the lost ones', async () => {
      const [first, second] = [await registerAccount(kit.t), await registerAccount(kit.t)];
      const early = kit.stripe.createCustomer({ userId: first.id });
      kit.stripe.createSubscription({ customerId: String(early.id) });
      // More than one page of 100 (customers without a user, or naming nobody), then the second.
      for (let i = 0; i < 120; i++)
        kit.stripe.createCustomer(i % 2 === 0 ? {} : { userId: randomUUID() });
      const late = kit.stripe.createCustomer({ userId: second.id });
      kit.stripe.createSubscription({ customerId: String(late.id) });

      const reconcile = kit.t.app.get(BillingReconcileService);
      const knownOnly = await reconcile.reconcileAll();
      expect(knownOnly.linked).toBe(0);
      expect((await kit.entitlement(first)).canComment).toBe(false);

      const listsBefore = kit.stripe.requestsTo('GET', '/v1/customers').length;
      const all = await reconcile.reconcileAll({ allStripeCustomers: true });
      expect(all.linked).toBe(2);
      expect(all.failedCustomers).toBe(0);
      const pages = kit.stripe
        .requestsTo('GET', '/v1/customers')
        .slice(listsBefore)
        .filter((r) => r.path === '/v1/customers');
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(await storedCustomerOf(first.id)).toBe(early.id);
      expect(await storedCustomerOf(second.id)).toBe(late.id);
      expect((await kit.entitlement(first)).canComment).toBe(true);
      expect((await kit.entitlement(second)).canComment).toBe(true);

      const again = await reconcile.reconcileAll({ allStripeCustomers: true });
      expect(again.linked).toBe(0);
      expect(again.repaired).toBe(0);
    });
  });

  describe('two instances on one database', () => {
    let other: TestApp;
    beforeAll(async () => {
      other = await createTestApp({
        STRIPE_SECRET_KEY: 'sk_test_fake_0123456789',
        STRIPE_API_BASE: kit.stripe.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PRICE_IDS: MONTHLY,
      });
    });
    afterAll(() => other.close());

    it('apply the same webhook, delivered to both at the same moment, once', async () => {
      const account = await registerAccount(kit.t);
      const sub = kit.stripe.createSubscription({ customerId: await kit.customerOf(account) });
      const event = stripeEvent('customer.subscription.created', sub);
      const signed = signStripeEvent(event, WEBHOOK_SECRET);
      const results = await Promise.all(
        [kit.t, other, kit.t, other, kit.t, other].map((app) =>
          app.http().post(WEBHOOK).set(signed.headers).send(signed.body),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      expect(await kit.prisma.stripeEvent.count({ where: { id: String(event.id) } })).toBe(1);
      expect(await kit.prisma.stripeSubscription.count({ where: { id: String(sub.id) } })).toBe(1);
      expect((await kit.entitlement(account)).canComment).toBe(true);
    });
  });
});
