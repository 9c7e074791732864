export { BillingModule } from './billing.module';
export { EntitlementService } from './entitlement.service';
export { decideEntitlement } from './entitlement';
export type { Entitlement, EntitlementReason, EntitlementSource, Grant, SubscriptionSummary } from './entitlement';
