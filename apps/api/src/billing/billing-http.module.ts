import { Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { BillingController } from './billing.controller';
import { ComplimentaryController } from './complimentary.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  imports: [BillingModule],
  controllers: [BillingController, StripeWebhookController, ComplimentaryController],
})
export class BillingHttpModule {}
