import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from './page.query';

export class ListCommentsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['newest', 'oldest', 'top'],
    default: 'newest',
    description: '`top`: most likes, then newest',
  })
  @IsOptional()
  @IsIn(['newest', 'oldest', 'top'])
  sort: 'newest' | 'oldest' | 'top' = 'newest';
}
