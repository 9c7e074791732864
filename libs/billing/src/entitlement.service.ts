import { Injectable } from '@nestjs/common';
import { AuthUser, effectiveStatus } from '@parley/identity';
import { decideEntitlement, Entitlement } from './entitlement';

/**
 * "May this user post?" — asked by the posting gate (libs/threads) and shown by /me.
 * This first version knows staff and account status; Stripe subscriptions and complimentary
 * grants are added by the billing work.
 */
@Injectable()
export class EntitlementService {
  async forUser(user: AuthUser, now = new Date()): Promise<Entitlement> {
    const subject = { role: user.role, status: effectiveStatus(user, now), suspendedUntil: user.suspendedUntil };
    return decideEntitlement(subject, [], null, now);
  }

  /**
   * Which of these users hold a grant in force now (for the `subscriber` badge of a page of
   * comments, in one query). Filled in by the billing work; until then nobody does.
   */
  async activeSubscriberIds(_userIds: string[], _now = new Date()): Promise<Set<string>> {
    return new Set();
  }
}
