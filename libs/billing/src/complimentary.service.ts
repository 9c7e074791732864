import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { TransactionRunner } from '@parley/database';
import { validationFailed } from '@parley/errors';
import { UsersService } from '@parley/identity';
import { WebhookEvents } from '@parley/webhooks';
import { ComplimentaryGrantStore } from './complimentary-grant.store';

export interface ComplimentaryGrantView {
  userId: string;
  until: Date | null;
}

/**
 * Commenting access granted by an admin, without Stripe; optionally until a date. Each change is
 * audited in its own transaction: every grant (it sets the end date and the granting admin, so
 * each one is a change), a revoke only when there was a grant to revoke.
 */
@Injectable()
export class ComplimentaryService {
  constructor(
    private readonly grants: ComplimentaryGrantStore,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly audit: AuditLogStore,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** Grants or replaces the grant; `until` must lie in the future. 404 not_found. */
  async grant(
    actorId: string,
    userId: string,
    until: Date | null,
    now = new Date(),
  ): Promise<ComplimentaryGrantView> {
    if (until !== null && until <= now) {
      throw validationFailed({ field: 'until', message: 'until must be in the future' });
    }
    await this.users.getById(userId);
    return this.transactions.run(async (tx) => {
      const grant = await this.grants.put(userId, until, actorId, tx);
      await this.audit.record(
        {
          actorId,
          action: 'user.complimentary.grant',
          target: { type: 'user', id: userId },
          metadata: { until: grant.until?.toISOString() ?? null },
        },
        tx,
      );
      const ends = grant.until?.toISOString() ?? null;
      await this.webhooks.record(tx, 'entitlement.changed', entitlementData(userId, true, ends));
      return grant;
    });
  }

  /** Idempotent: revoking a grant that does not exist is done already. 404 not_found. */
  async revoke(actorId: string, userId: string): Promise<void> {
    await this.users.getById(userId);
    await this.transactions.run(async (tx) => {
      if (!(await this.grants.delete(userId, tx))) return;
      await this.audit.record(
        { actorId, action: 'user.complimentary.revoke', target: { type: 'user', id: userId } },
        tx,
      );
      await this.webhooks.record(tx, 'entitlement.changed', entitlementData(userId, false, null));
    });
  }
}

/** entitlement.changed of a complimentary grant given (until a date, or none) or removed. */
function entitlementData(userId: string, granted: boolean, until: string | null) {
  return { userId, source: 'complimentary', granted, until };
}
