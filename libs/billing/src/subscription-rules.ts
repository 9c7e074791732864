import type { Grant, SubscriptionSummary } from './entitlement';

/**
 * Stripe statuses that let a subscriber post: `past_due` too, because Stripe is still retrying
 * the payment. `canceled`, `unpaid`, `incomplete`, `incomplete_expired` and `paused` do not.
 */
export const GRANTING_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];

/** Statuses after which Stripe never changes the subscription again (nothing left to cancel). */
export const FINAL_STATUSES: readonly string[] = ['canceled', 'incomplete_expired'];

/**
 * The grant a subscription gives, or null. An auto-renewing subscription has no end of its own:
 * Stripe keeps the status granting until it says otherwise, so we trust the status rather than
 * the period end (a renewal webhook that arrives late must not lock a payer out). One set to
 * cancel at period end grants until that end.
 */
export function subscriptionGrant(subscription: SubscriptionSummary): Grant | null {
  if (!GRANTING_STATUSES.includes(subscription.status)) return null;
  const activeUntil = subscription.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null;
  return { source: 'stripe', activeUntil };
}

/**
 * Whether a snapshot stamped `incoming` may replace one stamped `stored`. Ties apply: Stripe
 * sends several events within the same second, and the later delivery is as good as any.
 */
export function shouldApplySnapshot(stored: Date | null, incoming: Date): boolean {
  return stored === null || incoming.getTime() >= stored.getTime();
}

/**
 * The subscription /me shows: the one giving the longest access now, else the most recent one.
 * Takes subscriptions ordered newest first.
 */
export function pickShownSubscription<T extends SubscriptionSummary>(
  newestFirst: T[],
  now = new Date(),
): T | null {
  let best: T | null = null;
  let bestEnd: number | null = null;
  for (const subscription of newestFirst) {
    const grant = subscriptionGrant(subscription);
    if (!grant || (grant.activeUntil !== null && grant.activeUntil <= now)) continue;
    const end = grant.activeUntil === null ? Infinity : grant.activeUntil.getTime();
    if (bestEnd === null || end > bestEnd) {
      best = subscription;
      bestEnd = end;
    }
  }
  return best ?? newestFirst[0] ?? null;
}
