import { Injectable, Logger } from '@nestjs/common';
import { Prisma, PrismaService } from '@parley/database';
import type Stripe from 'stripe';
import { fromUnix } from './subscription-snapshot';

const MAX_ERROR_LENGTH = 1_000;

/**
 * Every webhook event Parley received, under its unique id: the row decides who applies an event
 * (exactly one delivery), and a failed attempt stays visible with its error until a retry succeeds.
 */
@Injectable()
export class StripeEventLog {
  private readonly logger = new Logger(StripeEventLog.name);

  constructor(private readonly prisma: PrismaService) {}

  async isProcessed(eventId: string): Promise<boolean> {
    const row = await this.prisma.stripeEvent.findUnique({
      where: { id: eventId },
      select: { processedAt: true },
    });
    return row?.processedAt != null;
  }

  /**
   * Claims the event inside the applying transaction: inserts its row, or takes over the row of
   * an earlier failed attempt. False when another delivery already applied it; a concurrent
   * delivery waits on the row until this transaction ends, then sees it processed.
   */
  async claim(tx: Prisma.TransactionClient, event: Stripe.Event): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO stripe_events (id, type, created, livemode, received_at)
      VALUES (${event.id}, ${event.type}, ${fromUnix(event.created)}, ${event.livemode}, now())
      ON CONFLICT (id) DO UPDATE SET attempts = stripe_events.attempts + 1
      WHERE stripe_events.processed_at IS NULL
      RETURNING id`;
    return rows.length === 1;
  }

  async markProcessed(tx: Prisma.TransactionClient, eventId: string): Promise<void> {
    await tx.stripeEvent.update({
      where: { id: eventId },
      data: { processedAt: new Date(), error: null },
    });
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
