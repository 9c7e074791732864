import type Stripe from 'stripe';
import { invoiceSubscriptionId, toSubscriptionSnapshot } from './subscription-snapshot';

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
