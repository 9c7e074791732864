import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CheckoutService, PlansService } from '@parley/billing';
import type { AuthUser } from '@parley/identity';
import { CurrentUser } from '../http/current-user.decorator';
import { Public } from '../http/public.decorator';
import { toPlansView } from './billing.mapper';
import { CheckoutDto } from './dto/checkout.dto';
import { CheckoutSessionView, PlansView, PortalSessionView } from './dto/billing.views';

@ApiTags('billing')
@Controller('billing')
export class BillingController {
  constructor(
    private readonly plans: PlansService,
    private readonly checkouts: CheckoutService,
  ) {}

  @Public()
  @Get('plans')
  @ApiOkResponse({
    type: PlansView,
    description:
      'The configured prices (STRIPE_PRICE_IDS); name, amount, interval and currency are null without STRIPE_SECRET_KEY or while Stripe cannot be read',
  })
  async list(): Promise<PlansView> {
    return toPlansView(await this.plans.list());
  }

  @ApiBearerAuth()
  @Post('checkout')
  @ApiCreatedResponse({
    type: CheckoutSessionView,
    description: 'A Stripe Checkout session in subscription mode',
  })
  @ApiBadRequestResponse({
    description: 'validation_failed: priceId missing or not one of the plans',
  })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description:
      'rate_limited (BILLING_RATE_LIMIT_PER_MINUTE per user, checkout and portal together), with Retry-After',
  })
  @ApiConflictResponse({
    description: 'conflict: a subscription already grants access; use POST /billing/portal',
  })
  @ApiServiceUnavailableResponse({ description: 'billing_not_configured: no STRIPE_SECRET_KEY' })
  checkout(@CurrentUser() user: AuthUser, @Body() dto: CheckoutDto): Promise<CheckoutSessionView> {
    return this.checkouts.checkout(user.id, dto.priceId);
  }

  @ApiBearerAuth()
  @Post('portal')
  @ApiCreatedResponse({ type: PortalSessionView, description: 'A Stripe Customer Portal session' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated' })
  @ApiTooManyRequestsResponse({
    description:
      'rate_limited (BILLING_RATE_LIMIT_PER_MINUTE per user, checkout and portal together), with Retry-After',
  })
  @ApiNotFoundResponse({
    description: 'not_found: the user has no Stripe customer yet (never checked out)',
  })
  @ApiServiceUnavailableResponse({ description: 'billing_not_configured: no STRIPE_SECRET_KEY' })
  portal(@CurrentUser() user: AuthUser): Promise<PortalSessionView> {
    return this.checkouts.portal(user.id);
  }
}
