import {
  addressRefusal,
  decideEntitlement,
  EntitlementSubject,
  Grant,
  refusalError,
  statusRefusal,
} from './entitlement';
import { subscriptionGrant } from './subscription-rules';

describe(decideEntitlement.name, () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const past = new Date('2026-05-01T00:00:00Z');
  const future = new Date('2026-07-01T00:00:00Z');
  const farFuture = new Date('2027-01-01T00:00:00Z');

  const subject = (over: Partial<EntitlementSubject> = {}): EntitlementSubject => ({
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    emailVerified: true,
    ...over,
  });
  const stripe = (status: string, cancelAtPeriodEnd = false, periodEnd: Date | null = future) =>
    subscriptionGrant({
      status,
      priceId: 'price_a',
      currentPeriodEnd: periodEnd,
      cancelAtPeriodEnd,
    });
  const grants = (...list: (Grant | null)[]): Grant[] =>
    list.filter((grant): grant is Grant => grant !== null);
  const comp = (activeUntil: Date | null): Grant => ({ source: 'complimentary', activeUntil });

  const accounts = {
    active: {},
    'suspended until later': { status: 'suspended' as const, suspendedUntil: future },
    'suspended, the end passed': { status: 'suspended' as const, suspendedUntil: past },
    'suspended, ending right now': { status: 'suspended' as const, suspendedUntil: now },
    banned: { status: 'banned' as const },
  };
  const statusReason: Record<keyof typeof accounts, string | null> = {
    active: null,
    'suspended until later': 'user_suspended',
    'suspended, the end passed': null,
    'suspended, ending right now': null,
    banned: 'user_banned',
  };

  describe('readers: account status first, then the address, then a grant', () => {
    const cases = Object.entries(accounts).flatMap(([account, over]) =>
      [true, false].flatMap((emailVerified) =>
        [true, false].map((granted) => ({ account, over, emailVerified, granted })),
      ),
    );
    it.each(cases)(
      '$account, verified $emailVerified, granted $granted',
      ({ account, over, emailVerified, granted }) => {
        const decision = decideEntitlement(
          subject({ ...over, emailVerified }),
          granted ? [comp(null)] : [],
          null,
          now,
        );
        const expected =
          statusReason[account as keyof typeof accounts] ??
          (!emailVerified ? 'email_unverified' : granted ? null : 'subscription_required');
        expect(decision.reason).toBe(expected);
        expect(decision.canComment).toBe(expected === null);
        if (expected !== null) expect(decision).toMatchObject({ source: null, activeUntil: null });
      },
    );
  });

  describe('staff: the same status and address checks, then no grant needed', () => {
    it.each(['moderator', 'admin'] as const)('%s', (role) => {
      for (const [account, over] of Object.entries(accounts)) {
        const refusal = statusReason[account as keyof typeof accounts];
        expect(decideEntitlement(subject({ role, ...over }), [], null, now)).toMatchObject(
          refusal
            ? { canComment: false, reason: refusal, source: null }
            : { canComment: true, reason: null, source: 'staff', activeUntil: null },
        );
        expect(
          decideEntitlement(subject({ role, ...over, emailVerified: false }), [], null, now).reason,
        ).toBe(refusal ?? 'email_unverified');
      }
    });
  });

  describe('grants in force now', () => {
    it.each([
      ['an active subscription', grants(stripe('active')), 'stripe', null],
      ['a trial', grants(stripe('trialing')), 'stripe', null],
      [
        'a renewing subscription whose period end passed',
        grants(stripe('active', false, past)),
        'stripe',
        null,
      ],
      [
        'a subscription set to cancel, until its period end',
        grants(stripe('active', true)),
        'stripe',
        future,
      ],
      [
        'past_due within the grace',
        grants(stripe('past_due', false, now)),
        'stripe',
        new Date('2026-06-15T00:00:00Z'),
      ],
      ['a complimentary grant without end', [comp(null)], 'complimentary', null],
      ['a complimentary grant until later', [comp(future)], 'complimentary', future],
    ])('%s grants', (_name, list, source, activeUntil) => {
      expect(decideEntitlement(subject(), list, null, now)).toMatchObject({
        canComment: true,
        reason: null,
        source,
        activeUntil,
      });
    });

    it.each([
      ['nothing', []],
      ['a canceled subscription', grants(stripe('canceled'))],
      ['an unpaid subscription', grants(stripe('unpaid'))],
      ['an incomplete subscription', grants(stripe('incomplete'))],
      ['a paused subscription', grants(stripe('paused'))],
      ['a cancelled subscription whose period ended', grants(stripe('active', true, past))],
      [
        'past_due past its grace',
        grants(stripe('past_due', false, new Date('2026-05-01T00:00:00Z'))),
      ],
      ['past_due without a period end', grants(stripe('past_due', false, null))],
      ['an ended complimentary grant', [comp(past)]],
      ['a complimentary grant ending right now', [comp(now)]],
    ])('%s: subscription_required', (_name, list) => {
      expect(decideEntitlement(subject(), list, null, now)).toMatchObject({
        canComment: false,
        reason: 'subscription_required',
        source: null,
        activeUntil: null,
      });
    });

    it('shows the grant lasting longest (no end beats any end)', () => {
      expect(
        decideEntitlement(
          subject(),
          [comp(farFuture), ...grants(stripe('active', true))],
          null,
          now,
        ),
      ).toMatchObject({ source: 'complimentary', activeUntil: farFuture });
      expect(
        decideEntitlement(subject(), [comp(farFuture), ...grants(stripe('active'))], null, now),
      ).toMatchObject({ source: 'stripe', activeUntil: null });
    });

    it('grants through a publisher entitlement until its end, with its plan label', () => {
      const publisher = (until: Date): Grant => ({
        source: 'publisher',
        activeUntil: until,
        plan: 'digital',
      });
      expect(decideEntitlement(subject(), [publisher(future)], null, now)).toEqual({
        canComment: true,
        reason: null,
        source: 'publisher',
        activeUntil: future,
        plan: 'digital',
        subscription: null,
      });
      expect(decideEntitlement(subject(), [publisher(past)], null, now)).toMatchObject({
        canComment: false,
        reason: 'subscription_required',
        plan: null,
      });
      expect(decideEntitlement(subject(), [publisher(now)], null, now).canComment).toBe(false);
      expect(
        decideEntitlement(subject({ emailVerified: false }), [publisher(future)], null, now),
      ).toMatchObject({ canComment: false, reason: 'email_unverified' });
      expect(
        decideEntitlement(subject({ status: 'banned' }), [publisher(future)], null, now),
      ).toMatchObject({ canComment: false, reason: 'user_banned' });
    });

    it('shows the publisher plan only when the publisher grant is the one shown', () => {
      const publisher: Grant = { source: 'publisher', activeUntil: future, plan: 'digital' };
      expect(decideEntitlement(subject(), [publisher, comp(farFuture)], null, now)).toMatchObject({
        source: 'complimentary',
        activeUntil: farFuture,
        plan: null,
      });
      expect(
        decideEntitlement(subject({ role: 'moderator' }), [publisher], null, now),
      ).toMatchObject({ source: 'staff', plan: null });
    });

    it('passes the subscription shown through, allowed or not', () => {
      const shown = {
        status: 'canceled',
        priceId: 'price_a',
        currentPeriodEnd: past,
        cancelAtPeriodEnd: false,
      };
      expect(decideEntitlement(subject(), [], shown, now).subscription).toBe(shown);
      expect(decideEntitlement(subject({ status: 'banned' }), [], shown, now).subscription).toBe(
        shown,
      );
    });
  });

  describe('the steps the posting gate runs before the article', () => {
    it('statusRefusal answers what the whole rule answers first', () => {
      for (const [account, over] of Object.entries(accounts)) {
        expect(statusRefusal(subject(over), now)).toBe(
          statusReason[account as keyof typeof accounts],
        );
      }
    });

    it('addressRefusal asks for a verified address', () => {
      expect(addressRefusal({ emailVerified: false })).toBe('email_unverified');
      expect(addressRefusal({ emailVerified: true })).toBeNull();
    });

    it.each([
      'user_banned',
      'user_suspended',
      'email_unverified',
      'subscription_required',
    ] as const)('refuses %s with that code', (reason) => {
      expect(refusalError(reason)).toMatchObject({ code: reason });
    });
  });
  describe("an article's audience", () => {
    const premium: Grant = { source: 'stripe', activeUntil: null, plan: 'price_premium' };
    const basic: Grant = { source: 'stripe', activeUntil: null, plan: 'price_basic' };
    const publisher: Grant = { source: 'complimentary', activeUntil: future, plan: 'gold' };
    const reason = (
      over: Partial<EntitlementSubject>,
      list: Grant[],
      audience: 'subscribers' | 'registered' | 'plans' | 'staff',
      plans: string[] = [],
    ) => decideEntitlement(subject(over), list, null, now, { audience, plans }).reason;

    it.each([
      ['subscribers', [], [], 'subscription_required'],
      ['subscribers', [basic], [], null],
      ['registered', [], [], null],
      ['registered', [basic], [], null],
      ['plans', [basic], ['price_premium'], 'subscription_required'],
      ['plans', [premium], ['price_premium'], null],
      ['plans', [publisher], ['gold'], null],
      ['plans', [comp(null)], ['price_premium'], 'subscription_required'],
      ['plans', [{ ...premium, activeUntil: past }], ['price_premium'], 'subscription_required'],
      ['staff', [premium], [], 'forbidden'],
    ] as const)('%s with grants %j listing %j: %s', (audience, list, plans, expected) => {
      expect(reason({}, [...list], audience, [...plans])).toBe(expected);
    });

    it('checks the account and the address first, and lets staff post anywhere', () => {
      expect(reason({ status: 'banned' }, [], 'registered')).toBe('user_banned');
      expect(reason({ emailVerified: false }, [], 'registered')).toBe('email_unverified');
      expect(reason({ role: 'moderator' }, [], 'staff')).toBeNull();
      expect(reason({ role: 'admin' }, [], 'plans', ['price_premium'])).toBeNull();
    });

    it('shows the matching grant as the source', () => {
      const got = decideEntitlement(subject(), [basic, publisher], null, now, {
        audience: 'plans',
        plans: ['gold'],
      });
      expect(got).toMatchObject({ canComment: true, source: 'complimentary', activeUntil: future });
    });
  });
});
