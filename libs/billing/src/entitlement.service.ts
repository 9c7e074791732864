import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@parley/database';
import { AuthUser, effectiveStatus } from '@parley/identity';
import { decideEntitlement, Entitlement, Grant, SubscriptionSummary } from './entitlement';
import { GRANTING_STATUSES, pickShownSubscription, subscriptionGrant } from './subscription-rules';
import { SubscriptionStore } from './subscription-store.service';

/** "May this user post?" — asked by the posting gate (libs/threads) and shown by /me. */
@Injectable()
export class EntitlementService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly subscriptions: SubscriptionStore,
  ) {}

  async forUser(user: AuthUser, now = new Date()): Promise<Entitlement> {
    const subject = {
      role: user.role,
      status: effectiveStatus(user, now),
      suspendedUntil: user.suspendedUntil,
    };
    const [rows, complimentary] = await Promise.all([
      this.subscriptions.forUser(user.id),
      this.prisma.complimentaryGrant.findUnique({ where: { userId: user.id } }),
    ]);
    const summaries: SubscriptionSummary[] = rows.map((row) => ({
      status: row.status,
      priceId: row.priceId,
      currentPeriodEnd: row.currentPeriodEnd,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    }));
    const grants: Grant[] = summaries
      .map(subscriptionGrant)
      .filter((grant): grant is Grant => grant !== null);
    if (complimentary) grants.push({ source: 'complimentary', activeUntil: complimentary.until });
    return decideEntitlement(subject, grants, pickShownSubscription(summaries, now), now);
  }

  /**
   * Which of these users hold a grant in force now (the `subscriber` badge of a page of
   * comments), in one query. The SQL mirrors subscriptionGrant(): a granting status, and for a
   * subscription set to cancel, a period end still ahead; or a complimentary grant not yet ended.
   */
  async activeSubscriberIds(userIds: string[], now = new Date()): Promise<Set<string>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Set();
    const idList = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
    const rows = await this.prisma.$queryRaw<{ user_id: string }[]>`
      SELECT user_id::text FROM stripe_subscriptions
      WHERE user_id IN (${idList})
        AND status IN (${Prisma.join([...GRANTING_STATUSES])})
        AND (NOT cancel_at_period_end OR current_period_end IS NULL OR current_period_end > ${now})
      UNION
      SELECT user_id::text FROM complimentary_grants
      WHERE user_id IN (${idList}) AND (until IS NULL OR until > ${now})`;
    return new Set(rows.map((row) => row.user_id));
  }
}
