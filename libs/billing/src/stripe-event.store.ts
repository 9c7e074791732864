import { Injectable, Logger } from '@nestjs/common';
import {
  KeyedBatches,
  Prisma,
  PrismaService,
  purgeInBatches,
  SqlClient,
  Tx,
} from '@parley/database';
import { isStorableText } from '@parley/text';
import type Stripe from 'stripe';
import { StripeCustomerStore } from './stripe-customer.store';
import { fromUnix } from './subscription-snapshot';

const MAX_ERROR_LENGTH = 1_000;
/** The one key of the delivery facts' batches: every delivery's read may join any other's. */
const FACTS = 'facts';

interface FactsQuery {
  eventId: string;
  customerId: string | null;
}

export interface DeliveryFacts {
  processed: boolean;
  customerUserId: string | null;
}

/**
 * The one class that reads and writes `stripe_events`: every webhook event Parley received,
 * under its unique id. The row decides who applies an event (exactly one delivery), and a failed
 * attempt stays visible with its error until a retry succeeds.
 */
@Injectable()
export class StripeEventStore {
  private readonly logger = new Logger(StripeEventStore.name);
  /** Deliveries arriving while one facts read is in flight are read together in the next. */
  private readonly factReads = new KeyedBatches<FactsQuery, DeliveryFacts>((_key, queries) =>
    // Prepared on the shared pool: every delivery asks.
    this.sql.queryPrepared<DeliveryFacts>(
      'parley_stripe_delivery_facts',
      Prisma.sql`SELECT
        EXISTS (SELECT 1 FROM stripe_events WHERE id = d.event_id AND processed_at IS NOT NULL) AS "processed",
        (SELECT user_id::text FROM (${this.customers.userOfSql(Prisma.sql`d.customer_id`)}) c) AS "customerUserId"
      FROM unnest(${queries.map((q) => q.eventId)}::text[], ${queries.map((q) => q.customerId)}::text[])
        WITH ORDINALITY AS d(event_id, customer_id, n)
      ORDER BY d.n`,
    ),
  );

  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly customers: StripeCustomerStore,
  ) {}

  /**
   * What a delivery needs to know first, in one round trip: whether its event was processed
   * already (a repeat asks nothing else), and the user of the customer the event names (null:
   * none named, or no row for it). A burst of deliveries shares its reads (`factReads`).
   */
  deliveryFacts(eventId: string, customerId: string | null): Promise<DeliveryFacts> {
    // No row has an id that cannot be stored, and a NUL would fail the statement of every
    // delivery read with it (this delivery fails alone when it claims).
    if (!isStorableText(eventId))
      return Promise.resolve({ processed: false, customerUserId: null });
    const customer = customerId !== null && isStorableText(customerId) ? customerId : null;
    return this.factReads.add(FACTS, [{ eventId, customerId: customer }]).then(([facts]) => facts);
  }

  /**
   * The statement that claims an event and marks it processed in one go: inserts its row, or
   * takes over the row of an earlier failed attempt; returns its id, or no row when another
   * delivery already applied it (a concurrent delivery waits on the row until the claiming
   * statement or transaction ends, then sees it processed). Run alone, or as the first CTE of
   * the statement that applies the event (SubscriptionStore.apply), so that a failed apply leaves the event unprocessed.
   */
  claimSql(event: Stripe.Event): Prisma.Sql {
    return Prisma.sql`
      INSERT INTO stripe_events (id, type, created, livemode, received_at, processed_at)
      VALUES (${event.id}, ${event.type}, ${fromUnix(event.created)}::timestamptz, ${event.livemode}, now(), now())
      ON CONFLICT (id) DO UPDATE SET attempts = stripe_events.attempts + 1, processed_at = now(), error = NULL
      WHERE stripe_events.processed_at IS NULL
      RETURNING id`;
  }

  /** Claims and marks processed an event that asks nothing else of local state (or does so in `tx`). */
  async claim(event: Stripe.Event, db: Tx = this.prisma): Promise<boolean> {
    const rows = await db.$queryRaw<{ id: string }[]>(this.claimSql(event));
    return rows.length === 1;
  }

  /** Forgets events applied before `cutoff` (retention); failed ones stay until applied. */
  purgeProcessedBefore(cutoff: Date, signal?: AbortSignal): Promise<number> {
    return purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM stripe_events WHERE id IN (
            SELECT id FROM stripe_events WHERE processed_at < ${cutoff} LIMIT ${limit})`),
      signal,
    );
  }

  /** Keeps the failure visible after the applying transaction rolled back (message only, never the payload). */
  async recordFailure(event: Stripe.Event, error: unknown): Promise<void> {
    const message = (
      error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    ).slice(0, MAX_ERROR_LENGTH);
    try {
      await this.prisma.$executeRaw`
        INSERT INTO stripe_events (id, type, created, livemode, received_at, error)
        VALUES (${event.id}, ${event.type}, ${fromUnix(event.created)}, ${event.livemode}, now(), ${message})
        ON CONFLICT (id) DO UPDATE SET error = EXCLUDED.error
        WHERE stripe_events.processed_at IS NULL`;
    } catch (recordError) {
      this.logger.error(
        { eventId: event.id, type: event.type, err: String(recordError) },
        'could not record the failure of a Stripe event',
      );
    }
  }
}
