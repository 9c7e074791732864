import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, Tx } from '@parley/database';

/** A user's publisher entitlement as stored: `until` null means none (withdrawn). */
export interface PublisherEntitlementRecord {
  until: Date | null;
  plan: string | null;
  asOf: Date;
}

/**
 * The one class that reads and writes `publisher_entitlements`: one row per user, rewritten by each
 * publisher sign-in. The entitlement reads embed its fragments (`*Sql`) so that all of a user's
 * grants are read in one statement (SubscriptionStore).
 */
@Injectable()
export class PublisherEntitlementStore {
  constructor(private readonly prisma: PrismaService) {}

  /** The user's row, locked until the transaction ends (so two sign-ins take turns); null when none. */
  async lock(userId: string, tx: Tx): Promise<PublisherEntitlementRecord | null> {
    const [row] = await tx.$queryRaw<PublisherEntitlementRecord[]>`
      SELECT until, plan, as_of AS "asOf" FROM publisher_entitlements
      WHERE user_id = ${userId}::uuid FOR UPDATE`;
    return row ?? null;
  }

  /**
   * Writes what a token issued at `asOf` says, unless a token issued later has been applied
   * (then false): an older token arriving late never overrides a newer one; a tie applies.
   */
  async put(
    userId: string,
    entitlement: { until: Date | null; plan: string | null },
    asOf: Date,
    tx: Tx,
  ): Promise<boolean> {
    const written = await tx.$executeRaw`
      INSERT INTO publisher_entitlements (user_id, until, plan, as_of, created_at, updated_at)
      VALUES (${userId}::uuid, ${entitlement.until}::timestamptz, ${entitlement.plan}::text,
        ${asOf}::timestamptz, now(), now())
      ON CONFLICT (user_id) DO UPDATE SET
        until = EXCLUDED.until, plan = EXCLUDED.plan, as_of = EXCLUDED.as_of, updated_at = now()
      WHERE publisher_entitlements.as_of <= EXCLUDED.as_of`;
    return written === 1;
  }

  async delete(userId: string, db: Tx = this.prisma): Promise<void> {
    await db.publisherEntitlement.deleteMany({ where: { userId } });
  }

  /**
   * The user's entitlement as a row shaped like SubscriptionStore.entitlementRows' (kind
   * `publisher`), as a statement fragment; none when withdrawn.
   */
  grantRowSql(userId: string): Prisma.Sql {
    return Prisma.sql`
      SELECT 'publisher' AS "kind", NULL AS "status", NULL AS "priceId",
        NULL::timestamptz AS "currentPeriodEnd", false AS "cancelAtPeriodEnd", until AS "until",
        plan AS "plan", created_at AS "createdAt", NULL AS "id"
      FROM publisher_entitlements WHERE user_id = ${userId}::uuid AND until IS NOT NULL`;
  }

  /** Which of these users hold an entitlement not yet ended at `now` (`user_id` text), as a fragment. */
  holdersSql(userIds: Prisma.Sql, now: Date): Prisma.Sql {
    return Prisma.sql`
      SELECT user_id::text FROM publisher_entitlements
      WHERE user_id IN (${userIds}) AND until > ${now}`;
  }
}
