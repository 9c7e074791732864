import { Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation, Prisma, PrismaService, SqlClient } from '@parley/database';
import { DomainError } from '@parley/errors';
import { UsersService } from '@parley/identity';
import { StripeGateway } from './stripe-gateway.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One Stripe customer per user. Concurrent first checkouts send the same idempotency key, so
 * Stripe creates a single customer and answers every caller with it; the unique user_id row then
 * stores it once (the loser of the insert reads the winner's row).
 */
@Injectable()
export class StripeCustomers {
  private readonly logger = new Logger(StripeCustomers.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
    private readonly gateway: StripeGateway,
    private readonly users: UsersService,
  ) {}

  /** Whether this database has a row for the customer (deleted by Stripe or not). One indexed read. */
  async isKnown(customerId: string): Promise<boolean> {
    const rows = await this.sql.query(
      Prisma.sql`SELECT 1 FROM stripe_customers WHERE customer_id = ${customerId}`,
    );
    return rows.length > 0;
  }

  /**
   * Makes sure a customer Parley has no row for (a restore from backup, a write lost after the
   * customer was created) is linked to the user its metadata names: the customer's own
   * `metadata.userId` (asked of Stripe) first, then `alsoNamed` (the subscription's), the first
   * that names an existing account. A user keeps one live customer: one who already has another
   * live customer is not linked (logged). True when the customer is known afterwards.
   */
  async linkUnknown(customerId: string, alsoNamed: (string | null)[] = []): Promise<boolean> {
    if (await this.isKnown(customerId)) return true;
    const named = await this.gateway.customerUserId(customerId).catch((error: unknown) => {
      this.logger.warn(
        { customerId, err: error instanceof Error ? error.message : String(error) },
        'Stripe customer unreadable; trying the subscription metadata',
      );
      return null;
    });
    for (const userId of new Set([named, ...alsoNamed])) {
      if (userId === null || !(await this.userExists(userId))) continue;
      try {
        // A user's row is replaced only when Stripe deleted its customer.
        await this.prisma.$executeRaw`
          INSERT INTO stripe_customers (user_id, customer_id, created_at, updated_at)
          VALUES (${userId}::uuid, ${customerId}, now(), now())
          ON CONFLICT (user_id) DO UPDATE
            SET customer_id = EXCLUDED.customer_id, deleted_at = NULL, updated_at = now()
            WHERE stripe_customers.deleted_at IS NOT NULL`;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      if (await this.isKnown(customerId)) {
        this.logger.log({ customerId, userId }, 'Stripe customer linked through its metadata');
        return true;
      }
      this.logger.warn(
        { customerId, userId },
        'Stripe customer names a user who already has another customer; not linked',
      );
    }
    return false;
  }

  private async userExists(userId: string): Promise<boolean> {
    if (!UUID.test(userId)) return false;
    try {
      await this.users.getById(userId);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'user_not_found') return false;
      throw error;
    }
  }

  /** The user's live customer id, or null. */
  async find(userId: string): Promise<string | null> {
    const row = await this.prisma.stripeCustomer.findUnique({ where: { userId } });
    return row && !row.deletedAt ? row.customerId : null;
  }

  async ensure(userId: string): Promise<string> {
    const existing = await this.prisma.stripeCustomer.findUnique({ where: { userId } });
    if (existing && !existing.deletedAt) return existing.customerId;
    // After customer.deleted the key must differ from the one that made the deleted customer.
    const idempotencyKey = existing
      ? `parley-customer-${userId}-after-${existing.customerId}`
      : `parley-customer-${userId}`;
    const customerId = await this.gateway.createCustomer(userId, idempotencyKey);
    if (existing) {
      await this.prisma.stripeCustomer.updateMany({
        where: { userId, customerId: existing.customerId },
        data: { customerId, deletedAt: null },
      });
    } else {
      try {
        await this.prisma.stripeCustomer.create({ data: { userId, customerId } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    const stored = await this.prisma.stripeCustomer.findUniqueOrThrow({ where: { userId } });
    return stored.customerId;
  }

  /** Customers Stripe has not deleted, for reconciliation. */
  async allLive(): Promise<{ userId: string; customerId: string }[]> {
    return this.prisma.stripeCustomer.findMany({
      where: { deletedAt: null },
      select: { userId: true, customerId: true },
      orderBy: { createdAt: 'asc' },
    });
  }
}
