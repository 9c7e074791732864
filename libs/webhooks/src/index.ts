export { WebhooksModule } from './webhooks.module';
export { WebhookEvents } from './webhook-events.service';
export type { WebhookEventData } from './webhook-events.service';
export { WebhookEndpoints } from './webhook-endpoints.service';
export type { WebhookDelivery } from './webhook-endpoints.service';
export {
  PARALLEL_DELIVERIES_PER_ENDPOINT,
  WebhookDeliveryHandler,
  WEBHOOK_TIMEOUT_MS,
} from './webhook-delivery.handler';
export { WEBHOOK_ENDPOINTS_MAX } from './webhook-endpoint.store';
export type { WebhookEndpointRecord, WebhookEndpointWithSecret } from './webhook-endpoint';
export { WEBHOOK_CHANNEL, WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX } from './webhook-event-types';
export type { WebhookEventType } from './webhook-event-types';
export { commentEventData } from './webhook-event-data';
export { refusalOf } from './target-address';
export { signWebhook } from './webhook-signature';
