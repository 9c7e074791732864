import type Stripe from 'stripe';
import {
  checkoutSubscriptionId,
  invoiceSubscriptionId,
  MalformedStripeObjectError,
  stripeIdOf,
  subscriptionProblems,
  toSubscriptionSnapshot,
} from './subscription-snapshot';

const base = {
  id: 'sub_1',
  customer: 'cus_1',
  status: 'active',
  cancel_at_period_end: false,
  cancel_at: null,
  items: { data: [{ current_period_end: 1_900_000_000, price: { id: 'price_a' } }] },
};

describe('toSubscriptionSnapshot', () => {
  it('reads the period end from the items (API 2025 and later)', () => {
    expect(toSubscriptionSnapshot(base as unknown as Stripe.Subscription)).toEqual({
      id: 'sub_1',
      customerId: 'cus_1',
      status: 'active',
      priceId: 'price_a',
      currentPeriodEnd: new Date(1_900_000_000_000),
      cancelAtPeriodEnd: false,
      metadataUserId: null,
    });
  });

  it("keeps the subscription's metadata.userId", () => {
    const withUser = { ...base, metadata: { userId: 'u-1', other: 'x' } };
    expect(toSubscriptionSnapshot(withUser as unknown as Stripe.Subscription)).toMatchObject({
      metadataUserId: 'u-1',
    });
    const blank = { ...base, metadata: { userId: '' } };
    expect(toSubscriptionSnapshot(blank as unknown as Stripe.Subscription)).toMatchObject({
      metadataUserId: null,
    });
  });

  it('reads the period end from the subscription in older API versions', () => {
    const old = {
      ...base,
      customer: { id: 'cus_2' },
      items: { data: [{ price: { id: 'price_a' } }] },
      current_period_end: 1_800_000_000,
    };
    expect(toSubscriptionSnapshot(old as unknown as Stripe.Subscription)).toMatchObject({
      customerId: 'cus_2',
      currentPeriodEnd: new Date(1_800_000_000_000),
    });
  });

  it('treats a scheduled cancel_at as cancelling at that time', () => {
    const scheduled = { ...base, cancel_at: 1_850_000_000 };
    expect(toSubscriptionSnapshot(scheduled as unknown as Stripe.Subscription)).toMatchObject({
      cancelAtPeriodEnd: true,
      currentPeriodEnd: new Date(1_850_000_000_000),
    });
  });
});

describe('subscriptionProblems', () => {
  const problemsOf = (changes: Record<string, unknown>) =>
    subscriptionProblems({ ...base, ...changes }).map(({ field }) => field);

  it('finds none in a well-formed subscription, whatever optional fields it lacks', () => {
    expect(subscriptionProblems(base)).toEqual([]);
    const { items: _items, cancel_at: _cancelAt, ...lean } = base;
    expect(subscriptionProblems(lean)).toEqual([]);
    expect(
      problemsOf({ customer: { id: 'cus_1' }, metadata: null, current_period_end: null }),
    ).toEqual([]);
  });

  it('names each missing or mistyped field it reads', () => {
    expect(subscriptionProblems({ id: 'sub_2' }).map(({ field }) => field)).toEqual([
      'customer',
      'status',
    ]);
    expect(problemsOf({ id: '' })).toEqual(['id']);
    expect(problemsOf({ id: 42 })).toEqual(['id']);
    for (const customer of [null, '', 7, {}, { id: 7 }, ['cus_1'], 'cus\u0000'])
      expect(problemsOf({ customer })).toEqual(['customer']);
    for (const status of [undefined, null, '', 1, {}])
      expect(problemsOf({ status })).toEqual(['status']);
    for (const time of [1e308, -1, 1.5, '1900000000', Number.NaN, 253_402_300_800]) {
      expect(problemsOf({ current_period_end: time })).toEqual(['current_period_end']);
      expect(problemsOf({ cancel_at: time })).toEqual(['cancel_at']);
    }
    expect(problemsOf({ cancel_at_period_end: 'yes' })).toEqual(['cancel_at_period_end']);
    expect(problemsOf({ metadata: 'userId' })).toEqual(['metadata']);
  });

  it('reads items as a list of objects with times and priced ids', () => {
    for (const items of [[], 'x', { data: 'x' }, { data: null }])
      expect(problemsOf({ items })).toEqual(['items']);
    expect(
      problemsOf({
        items: {
          data: [
            null,
            { current_period_end: 'soon' },
            { price: 'price_a' },
            { price: { id: 5 } },
            { price: null, current_period_end: null },
          ],
        },
      }),
    ).toEqual([
      'items.data[0]',
      'items.data[1].current_period_end',
      'items.data[2].price',
      'items.data[3].price',
    ]);
  });

  it('is what toSubscriptionSnapshot refuses, with every problem named', () => {
    const malformed = { id: 'sub_2' } as unknown as Stripe.Subscription;
    expect(() => toSubscriptionSnapshot(malformed)).toThrow(MalformedStripeObjectError);
    expect(() => toSubscriptionSnapshot(malformed)).toThrow(
      'customer must be an id or an object with an id; status must be a status',
    );
    expect(() => toSubscriptionSnapshot(null as unknown as Stripe.Subscription)).toThrow(
      MalformedStripeObjectError,
    );
  });
});

describe('ids of other objects', () => {
  it('are absent, a string or an object with one; anything else is malformed', () => {
    expect(stripeIdOf(undefined)).toBeNull();
    expect(stripeIdOf(null)).toBeNull();
    expect(stripeIdOf('cus_1')).toBe('cus_1');
    expect(stripeIdOf({ id: 'cus_1' })).toBe('cus_1');
    for (const id of ['', 5, {}, { id: 5 }, ['cus_1']])
      expect(() => stripeIdOf(id)).toThrow(MalformedStripeObjectError);
    const session = (subscription: unknown) =>
      ({ mode: 'subscription', subscription }) as unknown as Stripe.Checkout.Session;
    expect(checkoutSubscriptionId(session({ id: 'sub_1' }))).toBe('sub_1');
    expect(() => checkoutSubscriptionId(session(12))).toThrow(MalformedStripeObjectError);
    expect(() =>
      invoiceSubscriptionId({
        parent: null,
        subscription: { id: null },
      } as unknown as Stripe.Invoice),
    ).toThrow(MalformedStripeObjectError);
  });
});

describe('invoiceSubscriptionId', () => {
  it('reads the new parent shape and the old field', () => {
    expect(
      invoiceSubscriptionId({
        parent: { subscription_details: { subscription: 'sub_new' } },
      } as unknown as Stripe.Invoice),
    ).toBe('sub_new');
    expect(
      invoiceSubscriptionId({ parent: null, subscription: 'sub_old' } as unknown as Stripe.Invoice),
    ).toBe('sub_old');
    expect(invoiceSubscriptionId({ parent: null } as unknown as Stripe.Invoice)).toBeNull();
  });
});
