import { Injectable } from '@nestjs/common';
import type { Tx } from '@parley/database';
import type { SsoSignIn, SsoSignInStep } from '@parley/identity';
import { WebhookEvents } from '@parley/webhooks';
import { readPublisherEntitlementClaim } from './publisher-entitlement-claim';
import {
  PublisherEntitlementRecord,
  PublisherEntitlementStore,
} from './publisher-entitlement.store';

/** A publisher entitlement before and after a change (`until` null: none). */
export interface PublisherEntitlementChange {
  userId: string;
  before: { until: Date | null; plan: string | null };
  after: { until: Date | null; plan: string | null };
}

/**
 * Posting rights a publisher grants through its sign-in token (identity's SsoSignInStep, run in
 * the sign-in's transaction): the `entitlement` claim grants them until its `until`, with
 * `source: "publisher"`; a later token without it withdraws them.
 */
@Injectable()
export class PublisherEntitlementService implements SsoSignInStep {
  constructor(
    private readonly store: PublisherEntitlementStore,
    private readonly webhooks: WebhookEvents,
  ) {}

  async onSsoSignIn({ userId, payload, issuedAt }: SsoSignIn, tx: Tx): Promise<void> {
    const claim = readPublisherEntitlementClaim(payload.entitlement);
    await this.change(userId, claim ?? { until: null, plan: null }, issuedAt, tx);
  }

  /**
   * The one place a publisher entitlement changes. Returns the change when the stored entitlement
   * moved (and records the `entitlement.changed` publisher webhook event in `tx`), null when it
   * stayed the same or a newer token had already said otherwise.
   */
  async change(
    userId: string,
    after: { until: Date | null; plan: string | null },
    asOf: Date,
    tx: Tx,
  ): Promise<PublisherEntitlementChange | null> {
    const stored = await this.store.lock(userId, tx);
    const before = stored ? { until: stored.until, plan: stored.plan } : NONE;
    if (!(await this.store.put(userId, after, asOf, tx))) return null;
    if (same(before, after)) return null;
    await this.webhooks.record(tx, 'entitlement.changed', {
      userId,
      source: 'publisher',
      granted: after.until !== null,
      until: after.until?.toISOString() ?? null,
      plan: after.plan,
    });
    return { userId, before, after };
  }
}

const NONE = { until: null, plan: null };

function same(a: Omit<PublisherEntitlementRecord, 'asOf'>, b: typeof a): boolean {
  return a.plan === b.plan && (a.until?.getTime() ?? null) === (b.until?.getTime() ?? null);
}
