import { Module } from '@nestjs/common';
import { IdentityModule } from '@parley/identity';
import { BillingErasureService } from './billing-erasure.service';
import { BillingReconcileService } from './billing-reconcile.service';
import { CheckoutService } from './checkout.service';
import { ComplimentaryService } from './complimentary.service';
import { EntitlementService } from './entitlement.service';
import { PlansService } from './plans.service';
import { StripeCustomers } from './stripe-customers.service';
import { StripeEventLog } from './stripe-event-log.service';
import { StripeEventRetention } from './stripe-event-retention.service';
import { StripeGateway } from './stripe-gateway.service';
import { StripeWebhookService } from './stripe-webhook.service';
import { SubscriptionStore } from './subscription-store.service';

const EXPORTED = [
  EntitlementService,
  PlansService,
  CheckoutService,
  StripeWebhookService,
  ComplimentaryService,
  BillingReconcileService,
  BillingErasureService,
  StripeEventRetention,
];

@Module({
  imports: [IdentityModule],
  providers: [...EXPORTED, StripeGateway, StripeCustomers, StripeEventLog, SubscriptionStore],
  exports: EXPORTED,
})
export class BillingModule {}
