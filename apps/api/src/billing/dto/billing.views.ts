import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PlanView {
  @ApiProperty({ example: 'price_1PqXyZ' }) priceId: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The product's name; null while Stripe cannot be read",
  })
  name: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'month',
    description: 'day, week, month or year',
  })
  interval: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'In the smallest currency unit (cents)',
  })
  amount: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'eur' }) currency: string | null;
}

export class PlansView {
  @ApiProperty({ type: [PlanView] }) items: PlanView[];
}

export class CheckoutSessionView {
  @ApiProperty({ example: 'cs_test_a1b2' }) id: string;
  @ApiProperty({ description: 'Send the browser here' }) url: string;
}

export class PortalSessionView {
  @ApiProperty({ description: 'Send the browser here' }) url: string;
}

export class ComplimentaryGrantView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) until: string | null;
}

export class WebhookAckView {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({
    description: 'True when this event id had already been applied (nothing changed)',
  })
  duplicate: boolean;
}
