import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { StripeCustomers } from './stripe-customers.service';
import { StripeGateway } from './stripe-gateway.service';
import { ApplyOutcome, SubscriptionStore } from './subscription-store.service';

export interface ReconcileReport {
  customers: number;
  subscriptions: number;
  /** Subscriptions whose local state was missing or differed, and was repaired. */
  repaired: number;
  failedCustomers: number;
}

/**
 * Heals missed webhooks: re-reads every known customer's subscriptions from Stripe and applies
 * them through the webhooks' own write path, stamped with the time of the read. Idempotent.
 */
@Injectable()
export class BillingReconcileService {
  private readonly logger = new Logger(BillingReconcileService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: StripeGateway,
    private readonly customers: StripeCustomers,
    private readonly store: SubscriptionStore,
  ) {}

  async reconcileAll(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      customers: 0,
      subscriptions: 0,
      repaired: 0,
      failedCustomers: 0,
    };
    for (const customer of await this.customers.allLive()) {
      report.customers += 1;
      try {
        const readAt = new Date();
        const snapshots = await this.gateway.listSubscriptions(customer.customerId);
        for (const snapshot of snapshots) {
          const outcome: ApplyOutcome = await this.prisma.transaction((tx) =>
            this.store.apply(tx, snapshot, readAt),
          );
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
