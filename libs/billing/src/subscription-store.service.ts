import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, StripeSubscription } from '@parley/database';
import { shouldApplySnapshot } from './subscription-rules';
import { SubscriptionSnapshot } from './subscription-snapshot';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'unknown_customer';

type Tx = Prisma.TransactionClient;

/**
 * The one write path of local subscription state, shared by webhooks, reconciliation and
 * erasure. Runs inside the caller's transaction; the row lock makes concurrent writers of one
 * subscription take turns, and a snapshot older than the stored one is dropped.
 */
@Injectable()
export class SubscriptionStore {
  constructor(private readonly prisma: PrismaService) {}

  async apply(tx: Tx, snapshot: SubscriptionSnapshot, stamp: Date): Promise<ApplyOutcome> {
    const customer = await tx.stripeCustomer.findUnique({
      where: { customerId: snapshot.customerId },
    });
    if (!customer) return 'unknown_customer';
    const fields = {
      userId: customer.userId,
      customerId: snapshot.customerId,
      status: snapshot.status,
      priceId: snapshot.priceId,
      currentPeriodEnd: snapshot.currentPeriodEnd,
      cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    };
    const inserted = await tx.stripeSubscription.createMany({
      data: [{ id: snapshot.id, ...fields, stateAsOf: stamp }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return 'created';
    const [stored] = await tx.$queryRaw<StoredRow[]>`
      SELECT user_id, customer_id, status, price_id, current_period_end, cancel_at_period_end, state_as_of
      FROM stripe_subscriptions WHERE id = ${snapshot.id} FOR UPDATE`;
    if (!shouldApplySnapshot(stored.state_as_of, stamp)) return 'stale';
    await tx.stripeSubscription.update({
      where: { id: snapshot.id },
      data: { ...fields, stateAsOf: stamp },
    });
    return sameState(stored, fields) ? 'unchanged' : 'updated';
  }

  /**
   * `apply` as one statement, guarded by `claim` (a statement returning a row when this delivery
   * owns the event): nothing is written unless it returns one, and claim and write commit or roll
   * back together, without an interactive transaction. Null when not claimed. The conflict
   * clause re-checks the stamp against the latest committed row, so a stale snapshot never wins;
   * 'updated' versus 'unchanged' compares with the row as the statement first saw it.
   */
  async applyClaimed(
    claim: Prisma.Sql,
    snapshot: SubscriptionSnapshot,
    stamp: Date,
  ): Promise<ApplyOutcome | null> {
    const [row] = await this.prisma.$queryRaw<ClaimedApplyRow[]>`
      WITH claim AS (${claim}),
      customer AS (SELECT user_id FROM stripe_customers WHERE customer_id = ${snapshot.customerId}),
      stored AS (
        SELECT user_id, customer_id, status, price_id, current_period_end, cancel_at_period_end, state_as_of
        FROM stripe_subscriptions WHERE id = ${snapshot.id}
      ),
      written AS (
        INSERT INTO stripe_subscriptions
          (id, user_id, customer_id, status, price_id, current_period_end, cancel_at_period_end, state_as_of, created_at, updated_at)
        SELECT ${snapshot.id}, customer.user_id, ${snapshot.customerId}, ${snapshot.status},
          ${snapshot.priceId}::text, ${snapshot.currentPeriodEnd}::timestamptz, ${snapshot.cancelAtPeriodEnd}::boolean,
          ${stamp}::timestamptz, now(), now()
        FROM claim, customer
        ON CONFLICT (id) DO UPDATE SET
          user_id = EXCLUDED.user_id, customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
          price_id = EXCLUDED.price_id, current_period_end = EXCLUDED.current_period_end,
          cancel_at_period_end = EXCLUDED.cancel_at_period_end, state_as_of = EXCLUDED.state_as_of,
          updated_at = now()
        WHERE stripe_subscriptions.state_as_of <= EXCLUDED.state_as_of
        RETURNING (xmax = 0) AS inserted
      )
      SELECT EXISTS (SELECT 1 FROM claim) AS claimed,
        (SELECT user_id FROM customer) AS customer_user_id,
        (SELECT inserted FROM written) AS inserted,
        stored.*
      FROM (SELECT 1) AS one LEFT JOIN stored ON true`;
    if (!row.claimed) return null;
    if (row.customer_user_id === null) return 'unknown_customer';
    if (row.inserted === null) return 'stale';
    if (row.inserted || row.state_as_of === null) return 'created';
    return sameState(row as StoredRow, { ...snapshot, userId: row.customer_user_id })
      ? 'unchanged'
      : 'updated';
  }

  /**
   * Stripe deleted the customer, and with it every subscription: none grants any more, whatever
   * the stamps say (a deleted customer's subscription never comes back), and the stamp only grows.
   */
  async markCustomerDeleted(tx: Tx, customerId: string, stamp: Date): Promise<void> {
    await tx.stripeCustomer.updateMany({
      where: { customerId, deletedAt: null },
      data: { deletedAt: stamp },
    });
    await tx.$executeRaw`
      UPDATE stripe_subscriptions
      SET status = 'canceled', cancel_at_period_end = false, state_as_of = GREATEST(state_as_of, ${stamp}), updated_at = now()
      WHERE customer_id = ${customerId}`;
  }

  /** A user's subscriptions, newest first. */
  async forUser(userId: string): Promise<StripeSubscription[]> {
    return this.prisma.stripeSubscription.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }
}

interface StoredRow {
  user_id: string;
  customer_id: string;
  status: string;
  price_id: string | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  state_as_of: Date;
}

type ClaimedApplyRow = { [K in keyof StoredRow]: StoredRow[K] | null } & {
  claimed: boolean;
  customer_user_id: string | null;
  inserted: boolean | null;
};

function sameState(
  stored: StoredRow,
  next: Omit<SubscriptionSnapshot, 'id' | 'metadataUserId'> & { userId: string },
): boolean {
  return (
    stored.user_id === next.userId &&
    stored.status === next.status &&
    stored.price_id === next.priceId &&
    stored.cancel_at_period_end === next.cancelAtPeriodEnd &&
    (stored.current_period_end?.getTime() ?? null) === (next.currentPeriodEnd?.getTime() ?? null)
  );
}
