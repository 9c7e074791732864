export { BillingModule } from './billing.module';
export { EntitlementService } from './entitlement.service';
export { PlansService } from './plans.service';
export { CheckoutService } from './checkout.service';
export { PRICE_ID_MAX } from './checkout-input';
export { StripeWebhookService } from './stripe-webhook.service';
export type { WebhookOutcome, WebhookReceipt } from './stripe-webhook.service';
export { ComplimentaryService } from './complimentary.service';
export type { ComplimentaryGrantView } from './complimentary.service';
export { BillingReconcileService } from './billing-reconcile.service';
export { StripeEntitlementChanges } from './stripe-entitlement-changes.service';
export type { ReconcileReport } from './billing-reconcile.service';
export { BillingErasureService } from './billing-erasure.service';
export { StripeEventRetention } from './stripe-event-retention.service';
export { PublisherEntitlementService } from './publisher-entitlement.service';
export type { PublisherEntitlementChange } from './publisher-entitlement.service';
export { PUBLISHER_PLAN_MAX } from './publisher-entitlement-claim';
export type { PriceDetails } from './stripe-gateway.service';
export { addressRefusal, decideEntitlement, refusalError, statusRefusal } from './entitlement';
export type {
  Audience,
  Entitlement,
  EntitlementReason,
  EntitlementSource,
  EntitlementSubject,
  Grant,
  SubscriptionSummary,
} from './entitlement';
export type { SubscriberTenure } from './subscription.store';
