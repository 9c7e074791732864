import { ApiProperty } from '@nestjs/swagger';
import { MAX_ARTICLE_IDS } from '@parley/threads';
import { IsString } from 'class-validator';

export class ArticleIdsQuery {
  @ApiProperty({
    description: `Comma-separated article ids, 1–${MAX_ARTICLE_IDS}; unknown ids are left out of the answer`,
    example: 'a,b,c',
  })
  @IsString()
  ids: string;
}
