import { decideEntitlement, EntitlementSubject } from './entitlement';

describe(decideEntitlement.name, () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const subject = (over: Partial<EntitlementSubject>): EntitlementSubject => ({
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    emailVerified: true,
    ...over,
  });
  const grant = [{ source: 'complimentary' as const, activeUntil: null }];

  it('answers email_unverified after the account status and before the grants', () => {
    expect(decideEntitlement(subject({ emailVerified: false }), grant, null, now)).toMatchObject({
      canComment: false,
      reason: 'email_unverified',
    });
    expect(
      decideEntitlement(subject({ emailVerified: false, status: 'banned' }), grant, null, now)
        .reason,
    ).toBe('user_banned');
    expect(decideEntitlement(subject({ emailVerified: false }), [], null, now).reason).toBe(
      'email_unverified',
    );
  });

  it('asks staff for a verified address too, and nothing else', () => {
    expect(
      decideEntitlement(subject({ role: 'moderator', emailVerified: false }), [], null, now).reason,
    ).toBe('email_unverified');
    expect(decideEntitlement(subject({ role: 'admin' }), [], null, now)).toMatchObject({
      canComment: true,
      source: 'staff',
    });
  });

  it('lets a verified reader with a grant in force post', () => {
    expect(decideEntitlement(subject({}), grant, null, now)).toMatchObject({
      canComment: true,
      source: 'complimentary',
    });
    expect(decideEntitlement(subject({}), [], null, now).reason).toBe('subscription_required');
  });
});
