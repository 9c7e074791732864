import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient, Tx } from '@parley/database';
import { ComplimentaryGrantStore } from './complimentary-grant.store';
import type { SubscriptionSummary } from './entitlement';
import { PublisherEntitlementStore } from './publisher-entitlement.store';
import { StripeCustomerStore } from './stripe-customer.store';
import { SubscriptionSnapshot } from './subscription-snapshot';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'unknown_customer';

/** A subscription as Parley keeps it. */
export interface SubscriptionRecord extends SubscriptionSummary {
  id: string;
  userId: string;
  customerId: string;
}

/** Since when a user has held a grant in force now, and which (the subscriber's tenure). */
export interface SubscriberTenure {
  since: Date;
  source: 'stripe' | 'complimentary';
  /** The Stripe price of that subscription; null for a complimentary grant. */
  priceId: string | null;
}

/** One of a user's grants as the entitlement read returns them, newest first. */
export interface EntitlementRow extends SubscriptionSummary {
  kind: 'stripe' | 'complimentary' | 'publisher';
  /** For `complimentary`: when the grant ends (null: never); for `publisher`: when it ends. */
  until: Date | null;
  /** For `publisher`: the publisher's plan label. */
  plan: string | null;
}

const NEWEST_FIRST = Prisma.sql`"createdAt" DESC, "id" DESC`;

/** The rows of entitlementRowsJsonSql() as entitlementRows() returns them (JSON has no dates). */
export function entitlementRowsFromJson(column: unknown): EntitlementRow[] {
  if (!Array.isArray(column)) throw new Error('Entitlement rows: not a JSON array');
  return (column as JsonRow[]).map((row) => ({
    ...row,
    currentPeriodEnd: dateOrNull(row.currentPeriodEnd),
    until: dateOrNull(row.until),
  }));
}

type JsonRow = Omit<EntitlementRow, 'currentPeriodEnd' | 'until'> & {
  currentPeriodEnd: string | null;
  until: string | null;
};

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

interface AppliedRow {
  claimed: boolean;
  customer_user_id: string | null;
  written: boolean;
  existed: boolean;
  changed: boolean;
}

// Stands for "no event to claim" (reconciliation, erasure): a claim that always succeeds.
const ALWAYS_CLAIMED = Prisma.sql`SELECT NULL::text AS id`;

/**
 * The one class that reads and writes `stripe_subscriptions`. It embeds statement fragments of
 * StripeCustomerStore and StripeEventStore (the user of a customer, the claim of an event) where a
 * write must be one statement, and of ComplimentaryGrantStore where a read spans both kinds of
 * grant (the hottest billing reads, once per post and per page of authors).
 */
@Injectable()
export class SubscriptionStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly customers: StripeCustomerStore,
    private readonly complimentary: ComplimentaryGrantStore,
    private readonly publisher: PublisherEntitlementStore,
  ) {}

  /**
   * The one write path of a subscription's state, shared by webhooks, reconciliation and erasure:
   * one statement, so it needs no transaction and concurrent writers of one subscription take
   * turns on its row. A snapshot stamped earlier than the stored one is dropped ('stale'); a tie
   * applies, because Stripe sends several events within the same second and the later delivery is
   * as good as any. This statement's conflict clause is the only place that rule is written.
   *
   * With `claim` (a statement returning a row when this delivery owns the event:
   * StripeEventStore.claimSql), nothing is written unless it returns one, claim and write commit
   * or roll back together, and null means "not claimed". 'updated' versus 'unchanged' compares
   * with the row as the statement first saw it.
   */
  apply(snapshot: SubscriptionSnapshot, stamp: Date): Promise<ApplyOutcome>;
  apply(
    snapshot: SubscriptionSnapshot,
    stamp: Date,
    claim: Prisma.Sql | undefined,
    db?: Tx,
  ): Promise<ApplyOutcome | null>;
  async apply(
    snapshot: SubscriptionSnapshot,
    stamp: Date,
    claim: Prisma.Sql = ALWAYS_CLAIMED,
    // The change's transaction, when the caller records what the change causes in it.
    db?: Tx,
  ): Promise<ApplyOutcome | null> {
    return (await this.applyForUser(snapshot, stamp, claim, db))?.outcome ?? null;
  }

  /**
   * apply(), with the user of the subscription's customer as the statement read it (null:
   * unknown). `onChange.statement` runs within the same statement (a data-modifying CTE), given
   * the condition that holds when the write created or changed the subscription of
   * `onChange.userId`'s customer: what the change causes then commits with it, without a
   * transaction. Without `db` it runs on the shared pool as a prepared statement.
   */
  async applyForUser(
    snapshot: SubscriptionSnapshot,
    stamp: Date,
    claim: Prisma.Sql = ALWAYS_CLAIMED,
    db?: Tx,
    onChange?: { userId: string; statement: (condition: Prisma.Sql) => Prisma.Sql },
  ): Promise<{ outcome: ApplyOutcome; userId: string | null } | null> {
    // The stored row differs from the snapshot (or there is none): the SQL twin of what a reader
    // of the subscription would see change.
    const changed = Prisma.sql`EXISTS (SELECT 1 FROM written) AND NOT EXISTS (
        SELECT 1 FROM stored, customer WHERE stored.user_id = customer.user_id
          AND stored.status = ${snapshot.status}
          AND stored.price_id IS NOT DISTINCT FROM ${snapshot.priceId}::text
          AND stored.current_period_end IS NOT DISTINCT FROM ${snapshot.currentPeriodEnd}::timestamptz
          AND stored.cancel_at_period_end = ${snapshot.cancelAtPeriodEnd}::boolean)`;
    const alongside = onChange
      ? Prisma.sql`, alongside AS (${onChange.statement(
          Prisma.sql`(${changed}) AND (SELECT user_id FROM customer) = ${onChange.userId}::uuid`,
        )})`
      : Prisma.empty;
    const statement = Prisma.sql`
      WITH claim AS (${claim}),
      customer AS (${this.customers.userOfSql(snapshot.customerId)}),
      stored AS (
        SELECT user_id, status, price_id, current_period_end, cancel_at_period_end
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
        RETURNING 1
      ) ${alongside}
      SELECT EXISTS (SELECT 1 FROM claim) AS claimed,
        (SELECT user_id::text FROM customer) AS customer_user_id,
        EXISTS (SELECT 1 FROM written) AS written,
        EXISTS (SELECT 1 FROM stored) AS existed,
        ${changed} AS changed`;
    const [row] = db
      ? await db.$queryRaw<AppliedRow[]>(statement)
      : // Prepared (per shape): every Stripe event of a subscription runs it.
        await this.sql.queryPrepared<AppliedRow>('parley_apply_subscription', statement);
    if (!row.claimed) return null;
    const userId = row.customer_user_id;
    if (userId === null) return { outcome: 'unknown_customer', userId };
    if (!row.written) return { outcome: 'stale', userId };
    if (!row.existed) return { outcome: 'created', userId };
    return { outcome: row.changed ? 'updated' : 'unchanged', userId };
  }

  /**
   * Stripe deleted the customer, and with it every subscription: none grants any more, whatever
   * the stamps say (a deleted customer's subscription never comes back), and the stamp only grows.
   */
  async cancelAllOfCustomer(customerId: string, stamp: Date, tx: Tx): Promise<void> {
    await tx.$executeRaw`
      UPDATE stripe_subscriptions
      SET status = 'canceled', cancel_at_period_end = false, state_as_of = GREATEST(state_as_of, ${stamp}), updated_at = now()
      WHERE customer_id = ${customerId}`;
  }

  /** A user's subscriptions, newest first. */
  forUser(userId: string): Promise<SubscriptionRecord[]> {
    return this.prisma.stripeSubscription.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: {
        id: true,
        userId: true,
        customerId: true,
        status: true,
        priceId: true,
        currentPeriodEnd: true,
        cancelAtPeriodEnd: true,
      },
    });
  }

  /** A user's subscriptions, complimentary grant and publisher entitlement, newest first, in one statement on the shared pool. */
  entitlementRows(userId: string): Promise<EntitlementRow[]> {
    // Prepared: every write of a reader runs it.
    return this.sql.queryPrepared<EntitlementRow>(
      'parley_entitlement_rows',
      Prisma.sql`${this.grantRows(userId)} ORDER BY ${NEWEST_FIRST}`,
    );
  }

  /**
   * entitlementRows() as a scalar subquery (a JSON array, in the same order) for another store's
   * statement that reads them with its own row in one round trip; entitlementRowsFromJson()
   * reads the column back.
   */
  entitlementRowsJsonSql(userId: string): Prisma.Sql {
    return Prisma.sql`(SELECT COALESCE(json_agg(g ORDER BY ${NEWEST_FIRST}), '[]'::json) FROM (${this.grantRows(userId)}) g)`;
  }

  private grantRows(userId: string): Prisma.Sql {
    return Prisma.sql`
      SELECT 'stripe' AS "kind", status AS "status", price_id AS "priceId",
        current_period_end AS "currentPeriodEnd", cancel_at_period_end AS "cancelAtPeriodEnd",
        NULL::timestamptz AS "until", NULL AS "plan", created_at AS "createdAt", id AS "id"
      FROM stripe_subscriptions WHERE user_id = ${userId}::uuid
      UNION ALL
      ${this.complimentary.grantRowSql(userId)}
      UNION ALL
      ${this.publisher.grantRowSql(userId)}`;
  }

  /**
   * Which of these users hold a grant in force at `now`, in one statement: a subscription whose
   * status is one of `grantingStatuses`, which if set to cancel has its period end ahead, and which
   * if past_due ended its period after `pastDueSince`; or a complimentary grant or a publisher
   * entitlement not yet ended.
   */
  async holders(
    userIds: string[],
    now: Date,
    rule: { grantingStatuses: readonly string[]; pastDueSince: Date },
  ): Promise<Set<string>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Set();
    // One array parameter: the statement's text is the same for any number of users, so it is
    // prepared once per connection.
    const rows = await this.sql.queryPrepared<{ user_id: string }>(
      'parley_badge_holders',
      this.holdersSql(Prisma.sql`SELECT unnest(${ids}::uuid[])`, now, rule),
    );
    return new Set(rows.map((row) => row.user_id));
  }

  /** holders() as a subquery of `user_id` (text) over `userIds`, a subquery of uuids. */
  holdersSql(
    userIds: Prisma.Sql,
    now: Date,
    rule: { grantingStatuses: readonly string[]; pastDueSince: Date },
  ): Prisma.Sql {
    return Prisma.sql`
      SELECT user_id::text FROM stripe_subscriptions
      WHERE user_id IN (${userIds}) AND ${inForce(now, rule)}
      UNION
      ${this.complimentary.holdersSql(userIds, now)}
      UNION
      ${this.publisher.holdersSql(userIds, now)}`;
  }

  /**
   * Since when each of these users has held a grant now in force (the oldest such subscription or
   * complimentary grant, as Parley first recorded it), with that grant's kind and Stripe price,
   * in one statement. Users without a grant in force are left out.
   */
  async tenures(
    userIds: string[],
    now: Date,
    rule: { grantingStatuses: readonly string[]; pastDueSince: Date },
  ): Promise<Map<string, SubscriberTenure>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const idList = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
    const rows = await this.sql.query<SubscriberTenure & { userId: string }>(Prisma.sql`
      SELECT DISTINCT ON ("userId") "userId", "since", "source", "priceId" FROM (
        SELECT user_id::text AS "userId", created_at AS "since", 'stripe' AS "source", price_id AS "priceId"
        FROM stripe_subscriptions WHERE user_id IN (${idList}) AND ${inForce(now, rule)}
        UNION ALL
        ${this.complimentary.tenureSql(idList, now)}
      ) grants ORDER BY "userId", "since" ASC`);
    return new Map(rows.map(({ userId, ...tenure }) => [userId, tenure]));
  }
}

/** A grant in force at `now`: the SQL twin of subscriptionGrant() (see EntitlementService). */
function inForce(
  now: Date,
  rule: { grantingStatuses: readonly string[]; pastDueSince: Date },
): Prisma.Sql {
  return Prisma.sql`status IN (${Prisma.join([...rule.grantingStatuses])})
    AND (NOT cancel_at_period_end OR current_period_end IS NULL OR current_period_end > ${now})
    AND (status <> 'past_due' OR current_period_end > ${rule.pastDueSince})`;
}
