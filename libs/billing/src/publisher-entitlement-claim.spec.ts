import { readPublisherEntitlementClaim } from './publisher-entitlement-claim';

describe(readPublisherEntitlementClaim.name, () => {
  const until = 1_900_000_000;

  it('grants until `until`, with the plan label when there is one', () => {
    expect(readPublisherEntitlementClaim({ commenting: true, until, plan: 'digital' })).toEqual({
      until: new Date(until * 1000),
      plan: 'digital',
    });
    expect(readPublisherEntitlementClaim({ commenting: true, until })).toEqual({
      until: new Date(until * 1000),
      plan: null,
    });
  });

  it('reads no claim, null and commenting: false as no rights', () => {
    expect(readPublisherEntitlementClaim(undefined)).toBeNull();
    expect(readPublisherEntitlementClaim(null)).toBeNull();
    expect(readPublisherEntitlementClaim({ commenting: false })).toBeNull();
    expect(readPublisherEntitlementClaim({ commenting: false, until, plan: 'x' })).toBeNull();
  });

  it('ignores members it does not know', () => {
    expect(readPublisherEntitlementClaim({ commenting: true, until, tier: 3 })).not.toBeNull();
  });

  it.each([
    ['a string', 'yes'],
    ['an array', [true]],
    ['a number', 1],
    ['commenting missing', { until }],
    ['commenting as a string', { commenting: 'true', until }],
    ['until missing', { commenting: true }],
    ['until as a string', { commenting: true, until: String(until) }],
    ['until in milliseconds beyond year 9999', { commenting: true, until: until * 1000 }],
    ['until fractional', { commenting: true, until: until + 0.5 }],
    ['until negative', { commenting: true, until: -1 }],
    ['an empty plan', { commenting: true, until, plan: '' }],
    ['a plan that is no string', { commenting: true, until, plan: 7 }],
    ['a plan too long', { commenting: true, until, plan: 'p'.repeat(101) }],
    ['a plan with U+0000', { commenting: true, until, plan: 'a\u0000b' }],
  ])('refuses the token (401 invalid_token) for %s', (_case, claim) => {
    expect(() => readPublisherEntitlementClaim(claim)).toThrow(
      expect.objectContaining({ code: 'invalid_token', status: 401 }),
    );
  });
});
