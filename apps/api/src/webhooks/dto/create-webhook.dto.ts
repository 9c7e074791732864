import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX } from '@parley/webhooks';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

/** More entries than this cannot be a list of the nine event types, even with repeats. */
const EVENTS_LIST_MAX = 50;

export class CreateWebhookDto {
  @ApiProperty({
    minLength: 1,
    maxLength: WEBHOOK_URL_MAX,
    example: 'https://hooks.news.example.com/parley',
    description:
      'https: only, resolving to public addresses (http: and private addresses with WEBHOOK_ALLOW_PRIVATE_TARGETS=true)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(WEBHOOK_URL_MAX)
  url: string;

  @ApiProperty({
    type: [String],
    enum: WEBHOOK_EVENT_TYPES,
    minItems: 1,
    maxItems: EVENTS_LIST_MAX,
    description: 'Event types to receive (repeats are kept once)',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(EVENTS_LIST_MAX)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: string[];
}
