import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@parley/identity';
import { WebhookEndpoints } from '@parley/webhooks';
import { PageQuery } from '../threads/dto/page.query';
import { CurrentUser } from '../http/current-user.decorator';
import { Roles } from '../http/roles.decorator';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { CreatedWebhookView, WebhookDeliveryPageView, WebhookListView } from './dto/webhook.view';
import { toCreatedWebhookView, toDeliveryPageView, toWebhookView } from './webhooks.mapper';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ description: 'unauthenticated or token_expired' })
@ApiForbiddenResponse({ description: 'forbidden: admins only' })
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  @Post()
  @ApiOperation({
    summary: 'Register a publisher webhook endpoint',
    description:
      'Events are signed per Standard Webhooks with the secret of the answer, shown only here. The URL is resolved and refused when it is not https: or reaches a loopback, private, link-local, unique-local, multicast or unspecified address (unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true). Audited (`webhook.create`).',
  })
  @ApiCreatedResponse({ type: CreatedWebhookView })
  @ApiBadRequestResponse({
    description:
      'validation_failed (url: length, scheme, credentials, unresolvable or refused address; events: empty or unknown names)',
  })
  @ApiConflictResponse({ description: 'conflict: the number of endpoints is at its maximum' })
  async create(
    @CurrentUser() admin: AuthUser,
    @Body() dto: CreateWebhookDto,
  ): Promise<CreatedWebhookView> {
    return toCreatedWebhookView(await this.endpoints.register(admin.id, dto));
  }

  @Get()
  @ApiOperation({ summary: 'The webhook endpoints, with their state (no secrets)' })
  @ApiOkResponse({ type: WebhookListView })
  async list(): Promise<WebhookListView> {
    return { items: (await this.endpoints.list()).map(toWebhookView) };
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook endpoint',
    description:
      'Its waiting deliveries are dropped, never sent, and its delivery log goes with it. Audited (`webhook.delete`).',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'not_found (unknown or malformed id)' })
  async remove(
    @CurrentUser() admin: AuthUser,
    @Param('webhookId', new UuidParamPipe('not_found')) webhookId: string,
  ): Promise<void> {
    await this.endpoints.remove(admin.id, webhookId);
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({
    summary: "An endpoint's delivery log",
    description:
      'One item per event sent to this endpoint, newest first: `pending` (with the next attempt), `sent`, or `failed` (given up after the retry window, or the endpoint was disabled). Kept RETENTION_OUTBOX_DAYS.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageView })
  @ApiBadRequestResponse({ description: 'validation_failed (cursor, limit)' })
  @ApiNotFoundResponse({ description: 'not_found (unknown or malformed id)' })
  async deliveries(
    @Param('webhookId', new UuidParamPipe('not_found')) webhookId: string,
    @Query() query: PageQuery,
  ): Promise<WebhookDeliveryPageView> {
    return toDeliveryPageView(await this.endpoints.deliveries(webhookId, query));
  }
}
