import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_CURSOR_LENGTH,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  PAGE_LIMIT_MIN,
} from '@parley/cursor';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDecimalInteger } from '../../http/decimal-integer.decorator';

export class PageQuery {
  @ApiPropertyOptional({
    maxLength: MAX_CURSOR_LENGTH,
    description: 'The nextCursor of the previous page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: PAGE_LIMIT_MIN,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    description: 'Plain decimal digits',
  })
  @IsOptional()
  @IsDecimalInteger(PAGE_LIMIT_MIN, PAGE_LIMIT_MAX)
  limit: number = PAGE_LIMIT_DEFAULT;
}
