import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TOKEN_MAX } from '@parley/identity';

export class UnsubscribeQueryDto {
  @ApiPropertyOptional({ maxLength: TOKEN_MAX, description: 'The token of the unsubscribe link' })
  @IsOptional()
  @IsString()
  @MaxLength(TOKEN_MAX)
  token?: string;
}
