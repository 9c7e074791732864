import { ApiPropertyOptional } from '@nestjs/swagger';
import { REASON_MAX } from '@parley/audit';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** An optional free-text reason, kept in the audit log. */
export class ReasonDto {
  @ApiPropertyOptional({ maxLength: REASON_MAX, description: 'Free text kept in the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX)
  reason?: string;
}
