import { Module } from '@nestjs/common';
import { AuditModule } from '@parley/audit';
import { OutboxModule } from '@parley/outbox';
import { WebhookDeliveryHandler } from './webhook-delivery.handler';
import { WebhookEndpointStore } from './webhook-endpoint.store';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WebhookEvents } from './webhook-events.service';
import { WebhookSender } from './webhook-sender.service';
import { WebhookTargets } from './webhook-targets.service';

/**
 * Publisher webhooks. Domain libs import this module for WebhookEvents (recording in their
 * transactions); the application lists WebhookDeliveryHandler among the outbox handlers and
 * serves WebhookEndpoints over HTTP.
 */
@Module({
  imports: [OutboxModule, AuditModule],
  providers: [
    WebhookEndpointStore,
    WebhookEvents,
    WebhookEndpoints,
    WebhookTargets,
    WebhookSender,
    WebhookDeliveryHandler,
  ],
  exports: [WebhookEvents, WebhookEndpoints, WebhookDeliveryHandler],
})
export class WebhooksModule {}
