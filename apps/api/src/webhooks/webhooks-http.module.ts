import { Module } from '@nestjs/common';
import { WebhooksModule } from '@parley/webhooks';
import { WebhooksController } from './webhooks.controller';

/** Publisher webhook endpoints over HTTP (admins); deliveries run in the outbox worker. */
@Module({ imports: [WebhooksModule], controllers: [WebhooksController] })
export class WebhooksHttpModule {}
