import { Module } from '@nestjs/common';
import { BillingModule } from '@parley/billing';
import { ModerationModule } from '@parley/moderation';
import { AuditedComplimentaryService } from './audited-complimentary.service';
import { BillingController } from './billing.controller';
import { ComplimentaryController } from './complimentary.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  imports: [BillingModule, ModerationModule],
  providers: [AuditedComplimentaryService],
  controllers: [BillingController, StripeWebhookController, ComplimentaryController],
})
export class BillingHttpModule {}
