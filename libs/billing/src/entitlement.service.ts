import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import type { Prisma } from '@parley/database';
import { type AuthUser, type PublicProfile, UsersService } from '@parley/identity';
import {
  Audience,
  decideEntitlement,
  Entitlement,
  EntitlementSubject,
  Grant,
  SubscriptionSummary,
} from './entitlement';
import {
  GRANTING_STATUSES,
  pastDueGraceEnd,
  pickShownSubscription,
  subscriptionGrant,
} from './subscription-rules';
import {
  EntitlementRow,
  entitlementRowsFromJson,
  SubscriberTenure,
  SubscriptionStore,
} from './subscription.store';

/** The account asking (decideEntitlement's subject) and its id, whose grants are read. */
type EntitledUser = EntitlementSubject & Pick<AuthUser, 'id'>;

/** "May this user post?" — asked by the posting gate (libs/threads) and shown by /me. */
@Injectable()
export class EntitlementService {
  private readonly graceDays: number;

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly users: UsersService,
    { values }: AppConfig,
  ) {
    this.graceDays = values.BILLING_PAST_DUE_GRACE_DAYS;
  }

  async forUser(user: EntitledUser, now = new Date(), audience?: Audience): Promise<Entitlement> {
    return (await this.withBadge(user, now, audience)).entitlement;
  }

  /**
   * forUser(), and whether the user holds a grant in force now whatever the audience (the
   * `subscriber` badge, as activeSubscriberIds() decides it), from the same single read.
   */
  async withBadge(
    user: EntitledUser,
    now = new Date(),
    audience?: Audience,
  ): Promise<{ entitlement: Entitlement; subscriber: boolean }> {
    return this.withBadgeOf(await this.subscriptions.entitlementRows(user.id), user, now, audience);
  }

  /**
   * The user's grants as a column of another statement (a write's checks read them with the
   * article in one round trip); withBadgeFrom() decides from that column.
   */
  grantsSql(userId: string): Prisma.Sql {
    return this.subscriptions.entitlementRowsJsonSql(userId);
  }

  /** withBadge() from the column of grantsSql(). */
  withBadgeFrom(
    column: unknown,
    user: EntitledUser,
    now = new Date(),
    audience?: Audience,
  ): { entitlement: Entitlement; subscriber: boolean } {
    return this.withBadgeOf(entitlementRowsFromJson(column), user, now, audience);
  }

  private withBadgeOf(
    rows: EntitlementRow[],
    user: EntitledUser,
    now: Date,
    audience: Audience | undefined,
  ): { entitlement: Entitlement; subscriber: boolean } {
    const summaries: SubscriptionSummary[] = rows
      .filter((row) => row.kind === 'stripe')
      .map((row) => ({
        status: row.status,
        priceId: row.priceId,
        currentPeriodEnd: row.currentPeriodEnd,
        cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      }));
    const grants: Grant[] = summaries
      .map((summary): Grant | null => {
        const grant = subscriptionGrant(summary, this.graceDays);
        return grant && { ...grant, plan: summary.priceId };
      })
      .filter((grant): grant is Grant => grant !== null);
    for (const row of rows.filter((r) => r.kind === 'complimentary')) {
      grants.push({ source: 'complimentary', activeUntil: row.until });
    }
    for (const row of rows.filter((r) => r.kind === 'publisher')) {
      grants.push({ source: 'publisher', activeUntil: row.until, plan: row.plan });
    }
    const shown = pickShownSubscription(summaries, now, this.graceDays);
    return {
      entitlement: decideEntitlement(user, grants, shown, now, audience),
      subscriber: grants.some((grant) => grant.activeUntil === null || grant.activeUntil > now),
    };
  }

  /**
   * Which of these users hold a grant in force now (the `subscriber` badge of a page of
   * comments), in one query. The store's SQL mirrors subscriptionGrant(): a granting status, and
   * for a subscription set to cancel, a period end still ahead; for a past_due one, a period end
   * less than the grace ago; or a complimentary grant or publisher entitlement not yet ended.
   */
  activeSubscriberIds(userIds: string[], now = new Date()): Promise<Set<string>> {
    return this.subscriptions.holders(userIds, now, this.grantRule(now));
  }

  /**
   * The public profiles of a page's authors, each with its `subscriber` badge as
   * activeSubscriberIds() decides it, in one statement (the users' read with the holders' as a
   * condition). Erased accounts are left out.
   */
  async authorsWithBadges(
    userIds: string[],
    now = new Date(),
  ): Promise<Map<string, { profile: PublicProfile; subscriber: boolean }>> {
    const rule = this.grantRule(now);
    const profiles = await this.users.findPublicProfiles(userIds, (ids) =>
      this.subscriptions.holdersSql(ids, now, rule),
    );
    return new Map(
      [...profiles].map(([id, { flagged, ...profile }]) => [id, { profile, subscriber: flagged }]),
    );
  }

  private grantRule(now: Date): { grantingStatuses: readonly string[]; pastDueSince: Date } {
    return {
      grantingStatuses: GRANTING_STATUSES,
      pastDueSince: pastDueGraceEnd(now, -this.graceDays),
    };
  }

  /**
   * Since when each of these users has been a subscriber without a break in the grant now in
   * force (the tenure moderators see), in one query; users who hold no grant now are left out.
   */
  tenureOf(userIds: string[], now = new Date()): Promise<Map<string, SubscriberTenure>> {
    return this.subscriptions.tenures(userIds, now, this.grantRule(now));
  }
}
