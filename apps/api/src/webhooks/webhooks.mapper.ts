import type {
  WebhookDelivery,
  WebhookEndpointRecord,
  WebhookEndpointWithSecret,
} from '@parley/webhooks';
import type {
  CreatedWebhookView,
  WebhookDeliveryPageView,
  WebhookDeliveryView,
  WebhookView,
} from './dto/webhook.view';

export function toWebhookView(endpoint: WebhookEndpointRecord): WebhookView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    createdAt: endpoint.createdAt.toISOString(),
    enabled: endpoint.disabledAt === null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
  };
}

export function toCreatedWebhookView(endpoint: WebhookEndpointWithSecret): CreatedWebhookView {
  return { ...toWebhookView(endpoint), secret: endpoint.secret };
}

function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    ...delivery,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}

export function toDeliveryPageView(page: {
  items: WebhookDelivery[];
  nextCursor: string | null;
}): WebhookDeliveryPageView {
  return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
}
