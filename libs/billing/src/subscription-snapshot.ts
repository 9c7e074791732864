import type { ErrorDetail } from '@parley/errors';
import { isStorableText } from '@parley/text';
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

/**
 * A Stripe object (an event's, or an API answer) that lacks or mistypes a field Parley reads.
 * The webhook answers it as the event's fault (400); from Stripe's API it stays a failure.
 */
export class MalformedStripeObjectError extends Error {
  constructor(readonly problems: ErrorDetail[]) {
    super(problems.map(({ field, message }) => `${field ?? 'object'} ${message}`).join('; '));
    this.name = 'MalformedStripeObjectError';
  }
}

/** The latest time Parley stores (PostgreSQL's timestamps go further; the cursors stop here too). */
const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

const ID_MESSAGE = 'must be an id or an object with an id';
const TIME_MESSAGE = 'must be a Unix time in seconds (1970–9999)';

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && isStorableText(value);
}

function isUnixTime(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_UNIX_SECONDS
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` names an object as Stripe does: its id, or the expanded object with its id. */
function isIdOrExpanded(value: unknown): boolean {
  return isId(isObject(value) ? value.id : value);
}

/** Null when absent; the id of a string or an expanded object; else the object is malformed. */
function idOf(value: unknown, field = 'id'): string | null {
  if (value === null || value === undefined) return null;
  if (!isIdOrExpanded(value))
    throw new MalformedStripeObjectError([{ field, message: ID_MESSAGE }]);
  return (isObject(value) ? value.id : value) as string;
}

/**
 * Every field of a subscription that toSubscriptionSnapshot reads and cannot read as Stripe
 * documents it, by its path in the subscription. Absent optional fields are fine (older API
 * versions lack some); a present one of the wrong type or range is not.
 */
export function subscriptionProblems(subscription: unknown): ErrorDetail[] {
  if (!isObject(subscription)) return [{ field: 'object', message: 'must be an object' }];
  const problems: ErrorDetail[] = [];
  const optional = (field: string, ok: (value: unknown) => boolean, message: string) => {
    const value = subscription[field];
    if (value !== undefined && value !== null && !ok(value)) problems.push({ field, message });
  };
  if (!isId(subscription.id)) problems.push({ field: 'id', message: 'must be a subscription id' });
  if (!isIdOrExpanded(subscription.customer))
    problems.push({ field: 'customer', message: ID_MESSAGE });
  if (!isId(subscription.status)) problems.push({ field: 'status', message: 'must be a status' });
  optional('current_period_end', isUnixTime, TIME_MESSAGE);
  optional('cancel_at', isUnixTime, TIME_MESSAGE);
  optional('cancel_at_period_end', (value) => typeof value === 'boolean', 'must be a boolean');
  optional('metadata', isObject, 'must be an object');
  const items = subscription.items;
  if (items === undefined || items === null) return problems;
  if (!isObject(items) || !Array.isArray(items.data)) {
    problems.push({ field: 'items', message: 'must be a list (an object with a data array)' });
    return problems;
  }
  items.data.forEach((item: unknown, i) => {
    const at = `items.data[${i}]`;
    if (!isObject(item)) {
      problems.push({ field: at, message: 'must be an object' });
      return;
    }
    const end = item.current_period_end;
    if (end !== undefined && end !== null && !isUnixTime(end))
      problems.push({ field: `${at}.current_period_end`, message: TIME_MESSAGE });
    const price = item.price;
    if (price !== undefined && price !== null && !(isObject(price) && isId(price.id)))
      problems.push({ field: `${at}.price`, message: 'must be a price with an id' });
  });
  return problems;
}

/**
 * Reads a subscription as any API version sends it: the period end moved from the subscription
 * to its items in 2025, and a scheduled cancellation may come as `cancel_at` instead of
 * `cancel_at_period_end`.
 */
export function toSubscriptionSnapshot(subscription: Stripe.Subscription): SubscriptionSnapshot {
  const problems = subscriptionProblems(subscription);
  if (problems.length > 0) throw new MalformedStripeObjectError(problems);
  const items = subscription.items?.data ?? [];
  const legacy = subscription as unknown as { current_period_end?: number | null };
  const periodEnds = items
    .map((item) => item.current_period_end)
    .filter((end): end is number => typeof end === 'number');
  const periodEnd =
    periodEnds.length > 0 ? Math.max(...periodEnds) : (legacy.current_period_end ?? null);
  const cancelAt = typeof subscription.cancel_at === 'number' ? subscription.cancel_at : null;
  const customerId = idOf(subscription.customer, 'customer') as string;
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
  return (
    idOf(
      invoice.parent?.subscription_details?.subscription,
      'parent.subscription_details.subscription',
    ) ?? idOf(legacy.subscription, 'subscription')
  );
}

export function checkoutSubscriptionId(session: Stripe.Checkout.Session): string | null {
  return session.mode === 'subscription' ? idOf(session.subscription, 'subscription') : null;
}

export { idOf as stripeIdOf };
