import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTICLE_ID } from '@parley/threads';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQuery } from '../../threads/dto/page.query';

export class QueueQuery extends PageQuery {
  @ApiProperty({ enum: ['pending', 'reported'] })
  @IsIn(['pending', 'reported'])
  type: 'pending' | 'reported';

  @ApiPropertyOptional({ description: "Only this article's comments" })
  @IsOptional()
  @IsString()
  @Matches(ARTICLE_ID, { message: 'articleId must be 1–200 characters of [A-Za-z0-9._:/-]' })
  articleId?: string;
}
