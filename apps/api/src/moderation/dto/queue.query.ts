import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTICLE_ID, ARTICLE_ID_MAX, ARTICLE_ID_RULE } from '@parley/threads';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQuery } from '../../threads/dto/page.query';

export class QueueQuery extends PageQuery {
  @ApiProperty({ enum: ['pending', 'reported'] })
  @IsIn(['pending', 'reported'])
  type: 'pending' | 'reported';

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: ARTICLE_ID_MAX,
    description: "Only this article's comments",
  })
  @IsOptional()
  @IsString()
  @Matches(ARTICLE_ID, { message: `articleId ${ARTICLE_ID_RULE}` })
  articleId?: string;
}
