import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@parley/errors';
import { UsersService } from '@parley/identity';
import { StripeCustomerStore } from './stripe-customer.store';
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
    private readonly store: StripeCustomerStore,
    private readonly gateway: StripeGateway,
    private readonly users: UsersService,
  ) {}

  /** Whether this database has a row for the customer (deleted by Stripe or not). One indexed read. */
  isKnown(customerId: string): Promise<boolean> {
    return this.store.isKnown(customerId);
  }

  /**
   * Makes sure a customer Parley has no row for (a restore from backup, a write lost after the
   * customer was created) is linked to the user its metadata names: the customer's own
   * `metadata.userId` (asked of Stripe) first, then `alsoNamed` (the subscription's), the first
   * that names an existing account. A user keeps one live customer: one who already has another
   * live customer is not linked (logged). The customer's user afterwards; null: still unknown.
   */
  async linkUnknown(
    customerId: string,
    alsoNamed: (string | null)[] = [],
    // The customer's user as the caller just read it, when it did (null: no row then).
    read?: string | null,
  ): Promise<string | null> {
    const known = read !== undefined ? read : await this.store.knownUser(customerId);
    if (known !== null) return known;
    const named = await this.gateway.customerUserId(customerId).catch((error: unknown) => {
      this.logger.warn(
        { customerId, err: error instanceof Error ? error.message : String(error) },
        'Stripe customer unreadable; trying the subscription metadata',
      );
      return null;
    });
    for (const userId of new Set([named, ...alsoNamed])) {
      if (userId === null || !(await this.userExists(userId))) continue;
      await this.store.link(userId, customerId);
      const linked = await this.store.knownUser(customerId);
      if (linked !== null) {
        this.logger.log({ customerId, userId }, 'Stripe customer linked through its metadata');
        return linked;
      }
      this.logger.warn(
        { customerId, userId },
        'Stripe customer names a user who already has another customer; not linked',
      );
    }
    return null;
  }

  private async userExists(userId: string): Promise<boolean> {
    if (!UUID.test(userId)) return false;
    try {
      await this.users.getById(userId);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return false;
      throw error;
    }
  }

  /** The user's live customer id, or null. */
  async find(userId: string): Promise<string | null> {
    const row = await this.store.findByUser(userId);
    return row && !row.deletedAt ? row.customerId : null;
  }

  async ensure(userId: string): Promise<string> {
    const existing = await this.store.findByUser(userId);
    if (existing && !existing.deletedAt) return existing.customerId;
    // After customer.deleted the key must differ from the one that made the deleted customer.
    const idempotencyKey = existing
      ? `parley-customer-${userId}-after-${existing.customerId}`
      : `parley-customer-${userId}`;
    const customerId = await this.gateway.createCustomer(userId, idempotencyKey);
    if (existing) await this.store.replace(userId, existing.customerId, customerId);
    else await this.store.create(userId, customerId);
    const stored = await this.store.findByUser(userId);
    if (!stored) throw new Error(`The Stripe customer of user ${userId} vanished`);
    return stored.customerId;
  }

  /** Customers Stripe has not deleted, for reconciliation. */
  allLive(): Promise<{ userId: string; customerId: string }[]> {
    return this.store.allLive();
  }
}
