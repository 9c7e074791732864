import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class UnsubscribeQueryDto {
  @ApiPropertyOptional({ description: 'The token of the unsubscribe link' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  token?: string;
}
