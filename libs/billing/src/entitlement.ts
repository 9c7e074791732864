import { DomainError } from '@parley/errors';
import { AuthUser, effectiveStatus, isStaff } from '@parley/identity';

export type EntitlementSource = 'stripe' | 'complimentary' | 'publisher' | 'staff';
export type EntitlementReason =
  'subscription_required' | 'user_suspended' | 'user_banned' | 'email_unverified' | 'forbidden';

/** Who may post and why: the one answer that the posting gate and /me both show. */
export interface Entitlement {
  canComment: boolean;
  /** The error code a post would get now; null when allowed. */
  reason: EntitlementReason | null;
  source: EntitlementSource | null;
  activeUntil: Date | null;
  /** The publisher's plan label of a `publisher` grant (what an article's `plans` audience matches); else null. */
  plan: string | null;
  subscription: SubscriptionSummary | null;
}

export interface SubscriptionSummary {
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** The account asking, as every request reads it (the stored status: a lapsed suspension is read as over here). */
export type EntitlementSubject = Pick<
  AuthUser,
  'role' | 'status' | 'suspendedUntil' | 'emailVerified'
>;

export interface Grant {
  source: Exclude<EntitlementSource, 'staff'>;
  activeUntil: Date | null;
  /** What it grants: a Stripe price id, or a publisher's plan label (source `publisher`); a
   * complimentary grant has none. An article open to `plans` matches on it. */
  plan?: string | null;
}

/**
 * Who an article lets post: `subscribers` (a grant in force), `registered` (any verified account),
 * `plans` (a grant in force whose plan is listed), `staff`. Without one: `subscribers`.
 */
export interface Audience {
  audience: 'subscribers' | 'registered' | 'plans' | 'staff';
  plans: readonly string[];
}

/**
 * "May this account post?": the one rule, its checks in the contract's order.
 * 1. The account status: banned, then a suspension still running (one whose end has passed
 *    counts as over). For everyone: staff cannot be sanctioned through Parley (a promotion lifts
 *    any sanction), but a staff row found banned is refused like any other.
 * 2. A verified address, for everyone, staff included.
 * 3. Staff may post.
 * 4. A grant in force now (a Stripe subscription, a complimentary grant, a publisher's entitlement
 *    from its sign-in token); the one lasting longest is the source shown, with its plan label.
 * With an article's `audience` (after step 3): `staff` refuses everyone else (403 forbidden),
 * `registered` lets any verified account post, `plans` counts only grants of a listed plan
 * (complimentary grants have none). The article's closing is the posting gate's, not this rule's.
 * The posting gate runs steps 1 and 2 on their own (statusRefusal, addressRefusal) before it
 * looks the article up, and this whole function after, so a post meets the errors in this order.
 */
export function decideEntitlement(
  subject: EntitlementSubject,
  grants: Grant[],
  subscription: SubscriptionSummary | null,
  now = new Date(),
  audience?: Audience,
): Entitlement {
  const refused = { subscription, canComment: false, source: null, activeUntil: null, plan: null };
  const refusal = statusRefusal(subject, now) ?? addressRefusal(subject);
  if (refusal) return { ...refused, reason: refusal };
  if (isStaff(subject))
    return {
      subscription,
      canComment: true,
      reason: null,
      source: 'staff',
      activeUntil: null,
      plan: null,
    };
  if (audience?.audience === 'staff') return { ...refused, reason: 'forbidden' };
  const active = grants.filter(
    (grant) =>
      (grant.activeUntil === null || grant.activeUntil > now) &&
      (audience?.audience !== 'plans' || audience.plans.includes(grant.plan ?? '')),
  );
  if (active.length === 0) {
    if (audience?.audience === 'registered') return { ...refused, canComment: true, reason: null };
    return { ...refused, reason: 'subscription_required' };
  }
  const best = active.reduce((a, b) => (laterEnd(b.activeUntil, a.activeUntil) ? b : a));
  return {
    subscription,
    canComment: true,
    reason: null,
    source: best.source,
    activeUntil: best.activeUntil,
    plan: best.plan ?? null,
  };
}

/** Step 1: user_banned or user_suspended for a sanctioned account, else null. */
export function statusRefusal(
  subject: Pick<EntitlementSubject, 'status' | 'suspendedUntil'>,
  now = new Date(),
): 'user_banned' | 'user_suspended' | null {
  const status = effectiveStatus(subject, now);
  if (status === 'banned') return 'user_banned';
  if (status === 'suspended') return 'user_suspended';
  return null;
}

/** Step 2: email_unverified until the owner proved the address. */
export function addressRefusal(
  subject: Pick<EntitlementSubject, 'emailVerified'>,
): 'email_unverified' | null {
  return subject.emailVerified ? null : 'email_unverified';
}

const REFUSALS: Record<EntitlementReason, string> = {
  user_banned: 'This account is banned',
  user_suspended: 'This account is suspended',
  email_unverified: 'Confirm your email address first',
  subscription_required: 'A subscription is required to take part',
  forbidden: 'Comments on this article are reserved to staff',
};

/** The 403 a refused post gets. */
export function refusalError(reason: EntitlementReason): DomainError {
  return new DomainError(reason, REFUSALS[reason]);
}

function laterEnd(a: Date | null, b: Date | null): boolean {
  if (a === null) return b !== null;
  return b !== null && a > b;
}
