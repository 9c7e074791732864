import { Injectable, Logger } from '@nestjs/common';
import { StripeCustomers } from './stripe-customers.service';
import { StripeEntitlementChanges } from './stripe-entitlement-changes.service';
import { StripeGateway } from './stripe-gateway.service';

export interface ReconcileReport {
  customers: number;
  subscriptions: number;
  /** Subscriptions whose local state was missing or differed, and was repaired. */
  repaired: number;
  failedCustomers: number;
  /** Stripe customers this database had no row for, linked through their metadata (`--all`). */
  linked: number;
}

export interface ReconcileOptions {
  /**
   * Also walk every customer Stripe lists whose `metadata.userId` names an account, linking
   * those this database lost (a restore from backup), not only the customers it knows.
   */
  allStripeCustomers?: boolean;
}

/**
 * Heals missed webhooks: re-reads every known customer's subscriptions from Stripe (with
 * `allStripeCustomers`, every Stripe customer naming a user too) and applies them through the
 * webhooks' own write path, stamped with the time of the read. Idempotent.
 */
@Injectable()
export class BillingReconcileService {
  private readonly logger = new Logger(BillingReconcileService.name);

  constructor(
    private readonly gateway: StripeGateway,
    private readonly customers: StripeCustomers,
    private readonly entitlements: StripeEntitlementChanges,
  ) {}

  async reconcileAll(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      customers: 0,
      subscriptions: 0,
      repaired: 0,
      failedCustomers: 0,
      linked: 0,
    };
    const customers = (await this.customers.allLive()).map((c) => ({ customerId: c.customerId }));
    if (options.allStripeCustomers) {
      const known = new Set(customers.map((c) => c.customerId));
      for (const { customerId, userId } of await this.gateway.customersWithUserId()) {
        if (known.has(customerId)) continue;
        if (await this.customers.isKnown(customerId)) continue; // deleted: nothing to grant
        if (!(await this.customers.linkUnknown(customerId, [userId]))) continue;
        report.linked += 1;
        known.add(customerId);
        customers.push({ customerId });
      }
    }
    for (const customer of customers) {
      report.customers += 1;
      try {
        const readAt = new Date();
        const snapshots = await this.gateway.listSubscriptions(customer.customerId);
        for (const snapshot of snapshots) {
          const outcome = await this.entitlements.apply(snapshot, readAt);
          report.subscriptions += 1;
          if (outcome === 'created' || outcome === 'updated') report.repaired += 1;
        }
      } catch (error) {
        report.failedCustomers += 1;
        this.logger.error(
          {
            customerId: customer.customerId,
            err: error instanceof Error ? error.message : String(error),
          },
          'could not reconcile a customer',
        );
      }
    }
    this.logger.log(report, 'billing reconciliation finished');
    return report;
  }
}
