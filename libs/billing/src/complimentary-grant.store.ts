import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, Tx } from '@parley/database';

export interface ComplimentaryGrantRecord {
  userId: string;
  /** Null: without end. */
  until: Date | null;
}

/**
 * The one class that reads and writes `complimentary_grants`: at most one grant per user (its
 * primary key). The entitlement reads embed its fragments (`*Sql`) so that a user's grants of both
 * kinds are read in one statement (SubscriptionStore).
 */
@Injectable()
export class ComplimentaryGrantStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Grants, or replaces the user's grant. */
  async put(
    userId: string,
    until: Date | null,
    grantedBy: string,
    tx: Tx,
  ): Promise<ComplimentaryGrantRecord> {
    const row = await tx.complimentaryGrant.upsert({
      where: { userId },
      create: { userId, until, grantedBy },
      update: { until, grantedBy },
    });
    return { userId: row.userId, until: row.until };
  }

  /** False when the user had no grant. */
  async delete(userId: string, db: Tx = this.prisma): Promise<boolean> {
    const { count } = await db.complimentaryGrant.deleteMany({ where: { userId } });
    return count > 0;
  }

  /**
   * The user's grant as a row shaped like SubscriptionStore.entitlementRows' (kind
   * `complimentary`), as a statement fragment.
   */
  grantRowSql(userId: string): Prisma.Sql {
    return Prisma.sql`
      SELECT 'complimentary' AS "kind", NULL AS "status", NULL AS "priceId",
        NULL::timestamptz AS "currentPeriodEnd", false AS "cancelAtPeriodEnd", until AS "until",
        NULL AS "plan", created_at AS "createdAt", NULL AS "id"
      FROM complimentary_grants WHERE user_id = ${userId}::uuid`;
  }

  /** Which of these users hold a grant not yet ended at `now` (`user_id` text), as a fragment. */
  holdersSql(userIds: Prisma.Sql, now: Date): Prisma.Sql {
    return Prisma.sql`
      SELECT user_id::text FROM complimentary_grants
      WHERE user_id IN (${userIds}) AND (until IS NULL OR until > ${now})`;
  }

  /** The rows of SubscriptionStore.tenures for grants in force at `now`. */
  tenureSql(userIds: Prisma.Sql, now: Date): Prisma.Sql {
    return Prisma.sql`
      SELECT user_id::text AS "userId", created_at AS "since", 'complimentary' AS "source", NULL AS "priceId"
      FROM complimentary_grants WHERE user_id IN (${userIds}) AND (until IS NULL OR until > ${now})`;
  }
}
