import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { Prisma, SqlClient } from '@parley/database';
import { AuthUser, effectiveStatus } from '@parley/identity';
import { decideEntitlement, Entitlement, Grant, SubscriptionSummary } from './entitlement';
import {
  GRANTING_STATUSES,
  pastDueGraceEnd,
  pickShownSubscription,
  subscriptionGrant,
} from './subscription-rules';

interface GrantRow {
  kind: 'stripe' | 'complimentary';
  status: string | null;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  until: Date | null;
}

/** "May this user post?" — asked by the posting gate (libs/threads) and shown by /me. */
@Injectable()
export class EntitlementService {
  private readonly graceDays: number;

  // Asked on every post, like and /me: plain SQL on the shared pool (see SqlClient).
  constructor(
    private readonly sql: SqlClient,
    { values }: AppConfig,
  ) {
    this.graceDays = values.BILLING_PAST_DUE_GRACE_DAYS;
  }

  async forUser(user: AuthUser, now = new Date()): Promise<Entitlement> {
    const subject = {
      role: user.role,
      status: effectiveStatus(user, now),
      suspendedUntil: user.suspendedUntil,
      emailVerified: user.emailVerified,
    };
    const rows = await this.sql.query<GrantRow>(Prisma.sql`
      SELECT 'stripe' AS "kind", status AS "status", price_id AS "priceId",
        current_period_end AS "currentPeriodEnd", cancel_at_period_end AS "cancelAtPeriodEnd",
        NULL::timestamptz AS "until", created_at AS "createdAt", id AS "id"
      FROM stripe_subscriptions WHERE user_id = ${user.id}::uuid
      UNION ALL
      SELECT 'complimentary', NULL, NULL, NULL, false, until, created_at, NULL
      FROM complimentary_grants WHERE user_id = ${user.id}::uuid
      ORDER BY "createdAt" DESC, "id" DESC`);
    const summaries: SubscriptionSummary[] = rows
      .filter((row) => row.kind === 'stripe')
      .map((row) => ({
        status: row.status as string,
        priceId: row.priceId,
        currentPeriodEnd: row.currentPeriodEnd,
        cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      }));
    const grants: Grant[] = summaries
      .map((summary) => subscriptionGrant(summary, this.graceDays))
      .filter((grant): grant is Grant => grant !== null);
    for (const row of rows.filter((r) => r.kind === 'complimentary')) {
      grants.push({ source: 'complimentary', activeUntil: row.until });
    }
    const shown = pickShownSubscription(summaries, now, this.graceDays);
    return decideEntitlement(subject, grants, shown, now);
  }

  /**
   * Which of these users hold a grant in force now (the `subscriber` badge of a page of
   * comments), in one query. The SQL mirrors subscriptionGrant(): a granting status, and for a
   * subscription set to cancel, a period end still ahead; for a past_due one, a period end less
   * than the grace ago; or a complimentary grant not yet ended.
   */
  async activeSubscriberIds(userIds: string[], now = new Date()): Promise<Set<string>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Set();
    const idList = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
    const rows = await this.sql.query<{ user_id: string }>(Prisma.sql`
      SELECT user_id::text FROM stripe_subscriptions
      WHERE user_id IN (${idList})
        AND status IN (${Prisma.join([...GRANTING_STATUSES])})
        AND (NOT cancel_at_period_end OR current_period_end IS NULL OR current_period_end > ${now})
        AND (status <> 'past_due' OR current_period_end > ${pastDueGraceEnd(now, -this.graceDays)})
      UNION
      SELECT user_id::text FROM complimentary_grants
      WHERE user_id IN (${idList}) AND (until IS NULL OR until > ${now})`);
    return new Set(rows.map((row) => row.user_id));
  }
}
