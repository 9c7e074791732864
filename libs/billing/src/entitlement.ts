import type { AccountStatus, Role } from '@parley/identity';

export type EntitlementSource = 'stripe' | 'complimentary' | 'staff';
export type EntitlementReason =
  'subscription_required' | 'user_suspended' | 'user_banned' | 'email_unverified';

/** Who may post and why: the one answer that the posting gate and /me both show. */
export interface Entitlement {
  canComment: boolean;
  /** The error code a post would get now; null when allowed. */
  reason: EntitlementReason | null;
  source: EntitlementSource | null;
  activeUntil: Date | null;
  subscription: SubscriptionSummary | null;
}

export interface SubscriptionSummary {
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export interface EntitlementSubject {
  role: Role;
  /** The status in force now (an expired suspension already counts as active). */
  status: AccountStatus;
  suspendedUntil: Date | null;
  emailVerified: boolean;
}

export interface Grant {
  source: Exclude<EntitlementSource, 'staff'>;
  activeUntil: Date | null;
}

/**
 * The rule, in order: the account status of readers (banned, suspended win; staff cannot be
 * sanctioned); then a verified address, for everyone; then staff may post; then any grant that is in force now (a Stripe subscription, a complimentary grant).
 */
export function decideEntitlement(
  subject: EntitlementSubject,
  grants: Grant[],
  subscription: SubscriptionSummary | null,
  now = new Date(),
): Entitlement {
  const base = { subscription };
  const staff = subject.role === 'moderator' || subject.role === 'admin';
  if (!staff && subject.status === 'banned')
    return { ...base, canComment: false, reason: 'user_banned', source: null, activeUntil: null };
  if (!staff && subject.status === 'suspended') {
    return {
      ...base,
      canComment: false,
      reason: 'user_suspended',
      source: null,
      activeUntil: null,
    };
  }
  if (!subject.emailVerified) {
    return {
      ...base,
      canComment: false,
      reason: 'email_unverified',
      source: null,
      activeUntil: null,
    };
  }
  if (staff) return { ...base, canComment: true, reason: null, source: 'staff', activeUntil: null };
  const active = grants.filter((grant) => grant.activeUntil === null || grant.activeUntil > now);
  if (active.length === 0) {
    return {
      ...base,
      canComment: false,
      reason: 'subscription_required',
      source: null,
      activeUntil: null,
    };
  }
  const best = active.reduce((a, b) => (laterEnd(b.activeUntil, a.activeUntil) ? b : a));
  return {
    ...base,
    canComment: true,
    reason: null,
    source: best.source,
    activeUntil: best.activeUntil,
  };
}

function laterEnd(a: Date | null, b: Date | null): boolean {
  if (a === null) return b !== null;
  return b !== null && a > b;
}
