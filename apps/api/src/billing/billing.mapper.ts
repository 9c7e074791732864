import type { ComplimentaryGrantView as Grant, PriceDetails } from '@parley/billing';
import { ComplimentaryGrantView, PlansView } from './dto/billing.views';

export function toPlansView(plans: PriceDetails[]): PlansView {
  return {
    items: plans.map((plan) => ({
      priceId: plan.priceId,
      name: plan.name,
      interval: plan.interval,
      amount: plan.amount,
      currency: plan.currency,
    })),
  };
}

export function toComplimentaryGrantView(grant: Grant): ComplimentaryGrantView {
  return { userId: grant.userId, until: grant.until?.toISOString() ?? null };
}
