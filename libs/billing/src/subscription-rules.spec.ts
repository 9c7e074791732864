import { pickShownSubscription, subscriptionGrant } from './subscription-rules';

const now = new Date('2030-01-10T00:00:00Z');
const later = new Date('2030-02-10T00:00:00Z');
const earlier = new Date('2030-01-01T00:00:00Z');
const summary = (
  status: string,
  cancelAtPeriodEnd = false,
  currentPeriodEnd: Date | null = later,
) => ({ status, priceId: 'price_a', currentPeriodEnd, cancelAtPeriodEnd });

describe('subscriptionGrant', () => {
  it.each(['active', 'trialing'])(
    'grants for %s with no end of its own while it renews',
    (status) => {
      expect(subscriptionGrant(summary(status))).toEqual({ source: 'stripe', activeUntil: null });
    },
  );

  it.each(['canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused', 'something_new'])(
    'gives nothing for %s',
    (status) => {
      expect(subscriptionGrant(summary(status))).toBeNull();
      expect(subscriptionGrant(summary(status, true))).toBeNull();
    },
  );

  it('grants past_due until the grace (default 14 days) after the period end', () => {
    expect(subscriptionGrant(summary('past_due', false, earlier))).toEqual({
      source: 'stripe',
      activeUntil: new Date('2030-01-15T00:00:00Z'),
    });
    expect(subscriptionGrant(summary('past_due', false, earlier), 3)).toEqual({
      source: 'stripe',
      activeUntil: new Date('2030-01-04T00:00:00Z'),
    });
    expect(subscriptionGrant(summary('past_due', false, earlier), 0)).toEqual({
      source: 'stripe',
      activeUntil: earlier,
    });
  });

  it('grants past_due no longer than the period end when it is set to cancel', () => {
    expect(subscriptionGrant(summary('past_due', true, earlier))).toEqual({
      source: 'stripe',
      activeUntil: earlier,
    });
  });

  it('gives nothing for past_due without a known period end', () => {
    expect(subscriptionGrant(summary('past_due', false, null))).toBeNull();
  });

  it('keeps a subscription set to cancel until its period end', () => {
    expect(subscriptionGrant(summary('active', true, later))).toEqual({
      source: 'stripe',
      activeUntil: later,
    });
  });

  it('trusts the status over a period end that has passed (a late renewal webhook locks nobody out)', () => {
    expect(subscriptionGrant(summary('active', false, earlier))).toEqual({
      source: 'stripe',
      activeUntil: null,
    });
  });
});

describe('pickShownSubscription', () => {
  it('shows the subscription giving the longest access', () => {
    const ending = summary('active', true, later);
    const renewing = summary('trialing');
    expect(pickShownSubscription([summary('canceled'), ending, renewing], now)).toBe(renewing);
  });

  it('shows the newest one when none grants', () => {
    const newest = summary('canceled');
    expect(pickShownSubscription([newest, summary('unpaid')], now)).toBe(newest);
  });

  it('skips a cancelling subscription whose period has ended', () => {
    const ended = summary('active', true, earlier);
    const newest = summary('incomplete');
    expect(pickShownSubscription([newest, ended], now)).toBe(newest);
  });

  it('skips a past_due subscription past its grace, and honours the grace given', () => {
    const lapsed = summary('past_due', false, new Date('2029-12-01T00:00:00Z'));
    const newest = summary('canceled');
    expect(pickShownSubscription([newest, lapsed], now)).toBe(newest);
    expect(pickShownSubscription([newest, lapsed], now, 60)).toBe(lapsed);
  });

  it('shows nothing without subscriptions', () =>
    expect(pickShownSubscription([], now)).toBeNull());
});
