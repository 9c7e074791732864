import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { IdentityModule } from '@parley/identity';
import { WebhooksModule } from '@parley/webhooks';
import { BillingErasureService } from './billing-erasure.service';
import { BillingReconcileService } from './billing-reconcile.service';
import { CheckoutService } from './checkout.service';
import { ComplimentaryGrantStore } from './complimentary-grant.store';
import { ComplimentaryService } from './complimentary.service';
import { EntitlementService } from './entitlement.service';
import { PlansService } from './plans.service';
import { PublisherEntitlementService } from './publisher-entitlement.service';
import { PublisherEntitlementStore } from './publisher-entitlement.store';
import { StripeCustomerStore } from './stripe-customer.store';
import { StripeCustomers } from './stripe-customers.service';
import { StripeEntitlementChanges } from './stripe-entitlement-changes.service';
import { StripeEventStore } from './stripe-event.store';
import { StripeEventRetention } from './stripe-event-retention.service';
import { StripeGateway } from './stripe-gateway.service';
import { StripeWebhookService } from './stripe-webhook.service';
import { SubscriptionStore } from './subscription.store';

const EXPORTED = [
  EntitlementService,
  PlansService,
  CheckoutService,
  StripeWebhookService,
  ComplimentaryService,
  BillingReconcileService,
  BillingErasureService,
  StripeEventRetention,
  PublisherEntitlementService,
];

const STORES = [
  StripeCustomerStore,
  StripeEventStore,
  SubscriptionStore,
  ComplimentaryGrantStore,
  PublisherEntitlementStore,
];

@Module({
  imports: [IdentityModule, AuditModule, WebhooksModule],
  providers: [...EXPORTED, ...STORES, StripeGateway, StripeCustomers, StripeEntitlementChanges],
  exports: EXPORTED,
})
export class BillingModule {}
