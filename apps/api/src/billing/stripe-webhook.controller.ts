import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { StripeWebhookService } from '@parley/billing';
import type { Request, Response } from 'express';
import { Public } from '../http/public.decorator';
import { addRequestLogFields } from '../http/request-log-fields';
import { WebhookAckView } from './dto/billing.views';

@ApiTags('billing')
@Controller('billing')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Public()
  @Post('webhook')
  @HttpCode(200)
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({
    type: WebhookAckView,
    description:
      'A verified event: applied, recorded and ignored (other types, unknown customers), or a repeat that changed nothing',
  })
  @ApiBadRequestResponse({
    description:
      'invalid_signature: header missing, no configured secret matches, timestamp outside STRIPE_WEBHOOK_TOLERANCE_SECONDS, body altered or not an event, or an event of the other mode (live vs test). ' +
      'validation_failed: a signed event whose object lacks or mistypes a field Parley reads (details name them; recorded on the event, every retry gets the same answer). 413 payload_too_large above 1mb of raw body',
  })
  @ApiServiceUnavailableResponse({
    description: 'billing_not_configured: no STRIPE_WEBHOOK_SECRET (Stripe retries)',
  })
  @ApiInternalServerErrorResponse({
    description: 'Applying the event failed; it is recorded with its error and Stripe retries',
  })
  async receive(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookAckView> {
    const { outcome, eventId, type, subscription } = await this.webhooks.handle(
      req.body,
      signature,
    );
    addRequestLogFields(res, { stripeEvent: { id: eventId, type, outcome, subscription } });
    return { received: true, duplicate: outcome === 'duplicate' };
  }
}
