import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TITLE_MAX, URL_MAX } from '@parley/threads';
import { IsIn, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';

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
    description: 'Omitted: open on creation, unchanged on update',
  })
  @IsOptional()
  @IsIn(['open', 'closed'])
  state?: 'open' | 'closed';

  @ApiPropertyOptional({
    enum: ['post', 'pre'],
    description: 'Omitted: post on creation, unchanged on update',
  })
  @IsOptional()
  @IsIn(['post', 'pre'])
  moderation?: 'post' | 'pre';
}
