import type { Grant, SubscriptionSummary } from './entitlement';

/**
 * Stripe statuses that let a subscriber post: `past_due` too, because Stripe is still retrying
 * the payment (but only for a grace period: see subscriptionGrant). `canceled`, `unpaid`,
 * `incomplete`, `incomplete_expired` and `paused` do not.
 */
export const GRANTING_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];

/** BILLING_PAST_DUE_GRACE_DAYS's default. */
export const DEFAULT_PAST_DUE_GRACE_DAYS = 14;
const DAY_MS = 86_400_000;

/** When a `past_due` subscription whose period ended at `periodEnd` stops granting. */
export function pastDueGraceEnd(periodEnd: Date, graceDays: number): Date {
  return new Date(periodEnd.getTime() + graceDays * DAY_MS);
}

/** Statuses after which Stripe never changes the subscription again (nothing left to cancel). */
export const FINAL_STATUSES: readonly string[] = ['canceled', 'incomplete_expired'];

/**
 * The grant a subscription gives, or null. An auto-renewing subscription has no end of its own:
 * Stripe keeps the status granting until it says otherwise, so we trust the status rather than
 * the period end (a renewal webhook that arrives late must not lock a payer out). One set to
 * cancel at period end grants until that end.
 *
 * `past_due` is the exception: Stripe may give up retrying and leave a subscription `past_due`
 * for good (depending on the account's settings), so it grants until `graceDays` after the
 * period end, and not at all when that end is unknown.
 */
export function subscriptionGrant(
  subscription: SubscriptionSummary,
  graceDays = DEFAULT_PAST_DUE_GRACE_DAYS,
): Grant | null {
  if (!GRANTING_STATUSES.includes(subscription.status)) return null;
  const periodEnd = subscription.currentPeriodEnd;
  if (subscription.status === 'past_due') {
    if (periodEnd === null) return null;
    const graceEnd = pastDueGraceEnd(periodEnd, graceDays);
    return { source: 'stripe', activeUntil: subscription.cancelAtPeriodEnd ? periodEnd : graceEnd };
  }
  return { source: 'stripe', activeUntil: subscription.cancelAtPeriodEnd ? periodEnd : null };
}

/**
 * The subscription /me shows: the one giving the longest access now, else the most recent one.
 * Takes subscriptions ordered newest first.
 */
export function pickShownSubscription<T extends SubscriptionSummary>(
  newestFirst: T[],
  now = new Date(),
  graceDays = DEFAULT_PAST_DUE_GRACE_DAYS,
): T | null {
  let best: T | null = null;
  let bestEnd: number | null = null;
  for (const subscription of newestFirst) {
    const grant = subscriptionGrant(subscription, graceDays);
    if (!grant || (grant.activeUntil !== null && grant.activeUntil <= now)) continue;
    const end = grant.activeUntil === null ? Infinity : grant.activeUntil.getTime();
    if (bestEnd === null || end > bestEnd) {
      best = subscription;
      bestEnd = end;
    }
  }
  return best ?? newestFirst[0] ?? null;
}
