import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class ArticleIdsQuery {
  @ApiProperty({
    description: 'Comma-separated article ids, 1–100; unknown ids are left out of the answer',
    example: 'a,b,c',
  })
  @IsString()
  ids: string;
}
