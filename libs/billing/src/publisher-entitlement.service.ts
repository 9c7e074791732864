import { Injectable } from '@nestjs/common';
import type { Tx } from '@parley/database';
import type { SsoSignIn, SsoSignInStep } from '@parley/identity';
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
  constructor(private readonly store: PublisherEntitlementStore) {}

  async onSsoSignIn({ userId, payload, issuedAt }: SsoSignIn, tx: Tx): Promise<void> {
    const claim = readPublisherEntitlementClaim(payload.entitlement);
    await this.change(userId, claim ?? { until: null, plan: null }, issuedAt, tx);
  }

  /**
   * The one place a publisher entitlement changes. Returns the change when the stored entitlement
   * moved, null when it stayed the same or a newer token had already said otherwise. An
   * `entitlement.changed` event belongs here, recorded in `tx`.
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
    return same(before, after) ? null : { userId, before, after };
  }
}

const NONE = { until: null, plan: null };

function same(a: Omit<PublisherEntitlementRecord, 'asOf'>, b: typeof a): boolean {
  return a.plan === b.plan && (a.until?.getTime() ?? null) === (b.until?.getTime() ?? null);
}
