import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '@parley/webhooks';

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES }) events: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'false once disabled (failing for the whole retry window)' })
  enabled: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the endpoint was disabled',
  })
  disabledAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it was disabled' })
  disabledReason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Since when deliveries have failed without a success; null when healthy',
  })
  failingSince: string | null;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret (Standard Webhooks, `whsec_<base64>`). Shown only in this answer: keep it.',
  })
  secret: string;
}

export class WebhookListView {
  @ApiProperty({ type: [WebhookView], description: 'Oldest first; no secrets' })
  items: WebhookView[];
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) event: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The event id: the `webhook-id` header of every attempt',
  })
  eventId: string | null;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status: string;
  @ApiProperty({ description: 'Attempts made so far' }) attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the next attempt is due; null once sent or given up',
  })
  nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookDeliveryPageView {
  @ApiProperty({ type: [WebhookDeliveryView], description: 'Newest first' })
  items: WebhookDeliveryView[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Opaque; pass as `cursor` for the next page; null at the end',
  })
  nextCursor: string | null;
}
