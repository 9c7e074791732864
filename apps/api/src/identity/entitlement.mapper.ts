import type { Entitlement } from '@parley/billing';
import type { EntitlementView } from './dto/user.view';

export function toEntitlementView(entitlement: Entitlement): EntitlementView {
  const subscription = entitlement.subscription;
  return {
    canComment: entitlement.canComment,
    reason: entitlement.reason,
    source: entitlement.source,
    activeUntil: entitlement.activeUntil?.toISOString() ?? null,
    plan: entitlement.plan,
    subscription: subscription
      ? {
          status: subscription.status,
          priceId: subscription.priceId,
          currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
        }
      : null,
  };
}
