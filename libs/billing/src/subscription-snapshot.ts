import type Stripe from 'stripe';

/** What Parley keeps of a Stripe subscription. */
export interface SubscriptionSnapshot {
  id: string;
  customerId: string;
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** The subscription's `metadata.userId` (Checkout sets it), to link a customer Parley lost. */
  metadataUserId: string | null;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/**
 * Reads a subscription as any API version sends it: the period end moved from the subscription
 * to its items in 2025, and a scheduled cancellation may come as `cancel_at` instead of
 * `cancel_at_period_end`.
 */
export function toSubscriptionSnapshot(subscription: Stripe.Subscription): SubscriptionSnapshot {
  const items = subscription.items?.data ?? [];
  const legacy = subscription as unknown as { current_period_end?: number | null };
  const periodEnds = items
    .map((item) => item.current_period_end)
    .filter((end): end is number => typeof end === 'number');
  const periodEnd =
    periodEnds.length > 0 ? Math.max(...periodEnds) : (legacy.current_period_end ?? null);
  const cancelAt = typeof subscription.cancel_at === 'number' ? subscription.cancel_at : null;
  const customerId = idOf(subscription.customer);
  if (!customerId) throw new Error(`Subscription ${subscription.id} has no customer`);
  return {
    id: subscription.id,
    customerId,
    status: subscription.status,
    priceId: items[0]?.price?.id ?? null,
    currentPeriodEnd:
      cancelAt !== null ? fromUnix(cancelAt) : periodEnd !== null ? fromUnix(periodEnd) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end === true || cancelAt !== null,
    metadataUserId: metadataUserId(subscription.metadata),
  };
}

/** A `metadata.userId` as Parley writes it on customers and subscriptions, or null. */
export function metadataUserId(metadata: Stripe.Metadata | null | undefined): string | null {
  const value = metadata?.userId;
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** The subscription an invoice belongs to, in the old (`subscription`) and new (`parent`) shapes. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const legacy = invoice as unknown as { subscription?: string | { id: string } | null };
  return idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(legacy.subscription);
}

export function checkoutSubscriptionId(session: Stripe.Checkout.Session): string | null {
  return session.mode === 'subscription' ? idOf(session.subscription) : null;
}

export { idOf as stripeIdOf };
