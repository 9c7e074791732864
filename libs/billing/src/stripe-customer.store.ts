import { Injectable } from '@nestjs/common';
import { isUniqueViolation, Prisma, PrismaService, SqlClient, Tx } from '@parley/database';

/** A user's Stripe customer; `deletedAt` once Stripe deleted it. */
export interface StripeCustomerRecord {
  userId: string;
  customerId: string;
  deletedAt: Date | null;
}

/**
 * The one class that reads and writes `stripe_customers`: one row per user (its primary key) and
 * per customer (unique), so a user never has two customers and a customer never two users.
 */
@Injectable()
export class StripeCustomerStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /** Whether this database has a row for the customer (deleted by Stripe or not). One indexed read. */
  async isKnown(customerId: string): Promise<boolean> {
    return (await this.knownUser(customerId)) !== null;
  }

  /** The user of the customer's row (deleted by Stripe or not); null when there is none. */
  async knownUser(customerId: string): Promise<string | null> {
    // Prepared: every Stripe delivery that is not a repeat asks it.
    const [row] = await this.sql.queryPrepared<{ user_id: string }>(
      'parley_stripe_customer_user',
      Prisma.sql`SELECT user_id::text FROM stripe_customers WHERE customer_id = ${customerId}`,
    );
    return row?.user_id ?? null;
  }

  /** The user of a customer, read in `db` (the change's transaction); null when unknown. */
  async userOf(customerId: string, db: Tx): Promise<string | null> {
    const row = await db.stripeCustomer.findUnique({
      where: { customerId },
      select: { userId: true },
    });
    return row?.userId ?? null;
  }

  findByUser(userId: string): Promise<StripeCustomerRecord | null> {
    return this.prisma.stripeCustomer.findUnique({
      where: { userId },
      select: { userId: true, customerId: true, deletedAt: true },
    });
  }

  /**
   * Links a customer to a user who has none, or whose customer Stripe deleted; a user with a live
   * customer keeps it, and a customer linked to someone else stays so. Never throws for either:
   * ask isKnown() to learn whether the link was made.
   */
  async link(userId: string, customerId: string): Promise<void> {
    try {
      await this.prisma.$executeRaw`
        INSERT INTO stripe_customers (user_id, customer_id, created_at, updated_at)
        VALUES (${userId}::uuid, ${customerId}, now(), now())
        ON CONFLICT (user_id) DO UPDATE
          SET customer_id = EXCLUDED.customer_id, deleted_at = NULL, updated_at = now()
          WHERE stripe_customers.deleted_at IS NOT NULL`;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The user's first customer; a concurrent first insert wins and this one changes nothing. */
  async create(userId: string, customerId: string): Promise<void> {
    try {
      await this.prisma.stripeCustomer.create({ data: { userId, customerId } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Replaces the user's deleted customer `previous` (unless someone replaced it first). */
  async replace(userId: string, previous: string, customerId: string): Promise<void> {
    await this.prisma.stripeCustomer.updateMany({
      where: { userId, customerId: previous },
      data: { customerId, deletedAt: null },
    });
  }

  /** Customers Stripe has not deleted, oldest first (reconciliation). */
  allLive(): Promise<{ userId: string; customerId: string }[]> {
    return this.prisma.stripeCustomer.findMany({
      where: { deletedAt: null },
      select: { userId: true, customerId: true },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Stripe deleted the customer (its subscriptions: SubscriptionStore.cancelAllOfCustomer, same transaction). */
  async markDeleted(customerId: string, stamp: Date, tx: Tx): Promise<void> {
    await tx.stripeCustomer.updateMany({
      where: { customerId, deletedAt: null },
      data: { deletedAt: stamp },
    });
  }

  /**
   * The user of a customer, as a statement fragment (one row, or none for an unknown customer)
   * that SubscriptionStore.apply embeds, so that a subscription is written in one statement.
   * `customerId`: a value, or a column of the statement that embeds it.
   */
  userOfSql(customerId: string | Prisma.Sql): Prisma.Sql {
    return Prisma.sql`SELECT user_id FROM stripe_customers WHERE customer_id = ${customerId}`;
  }
}
