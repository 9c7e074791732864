import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AUDIENCES,
  PLAN_MAX,
  PLANS_MAX,
  SLOW_MODE_MAX_SECONDS,
  TITLE_MAX,
  URL_MAX,
} from '@parley/threads';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDateTime } from '../../http/date-time.validator';

export class PutArticleDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Budget 2027: what changes' })
  @IsString()
  @Length(1, TITLE_MAX)
  title: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: URL_MAX,
    description: 'http(s) URL of the story; null clears it; omitted keeps it',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(URL_MAX)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string | null;

  @ApiPropertyOptional({
    enum: ['open', 'closed'],
    description:
      'Omitted: open on creation, unchanged on update. `open` reopens a thread whose closing time has passed: without `closesAt` in the body a passed `closesAt` is cleared; a passed `closesAt` in the body is a 400; after ARTICLE_AUTO_CLOSE_DAYS only a future `closesAt` reopens it (409 conflict otherwise)',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsIn(['open', 'closed'])
  state?: 'open' | 'closed';

  @ApiPropertyOptional({
    enum: ['post', 'pre'],
    description: 'Omitted: post on creation, unchanged on update',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsIn(['post', 'pre'])
  moderation?: 'post' | 'pre';

  @ApiPropertyOptional({
    enum: AUDIENCES,
    description:
      'Who may post: subscribers (a subscription or grant in force; the default), registered (any verified account), plans (a subscription to one of `plans`, or a publisher entitlement of that plan), staff. Omitted: subscribers on creation, unchanged on update',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsIn(AUDIENCES)
  audience?: 'subscribers' | 'registered' | 'plans' | 'staff';

  @ApiPropertyOptional({
    type: [String],
    maxItems: PLANS_MAX,
    description: `With audience plans (required then, at least one): Stripe price ids or publisher plan labels, each 1–${PLAN_MAX} characters. Another audience clears them`,
    example: ['price_premium_monthly'],
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsArray()
  @ArrayMaxSize(PLANS_MAX)
  @IsString({ each: true })
  @Length(1, PLAN_MAX, { each: true })
  plans?: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Comments close at this instant (an ISO-8601 date-time with its offset, or a date meaning midnight UTC, years 0001–9999); null: no explicit closing (ARTICLE_AUTO_CLOSE_DAYS may apply); omitted keeps it',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsDateTime()
  closesAt?: string | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: SLOW_MODE_MAX_SECONDS,
    description:
      'At most one comment per user per this many seconds on this article (429 slow_mode); 0 turns it off',
  })
  @ValidateIf((_, value) => value !== undefined) // null is refused, not skipped
  @IsInt()
  @Min(0)
  @Max(SLOW_MODE_MAX_SECONDS)
  slowModeSeconds?: number;
}
