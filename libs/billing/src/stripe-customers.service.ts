import { Injectable } from '@nestjs/common';
import { isUniqueViolation, PrismaService } from '@parley/database';
import { StripeGateway } from './stripe-gateway.service';

/**
 * One Stripe customer per user. Concurrent first checkouts send the same idempotency key, so
 * Stripe creates a single customer and answers every caller with it; the unique user_id row then
 * stores it once (the loser of the insert reads the winner's row).
 */
@Injectable()
export class StripeCustomers {
  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: StripeGateway,
  ) {}

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
