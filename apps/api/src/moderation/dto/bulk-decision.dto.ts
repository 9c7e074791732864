import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BULK_MAX, REJECT_CODES, RejectCode } from '@parley/moderation';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ReasonDto } from './reason.dto';

export class BulkDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  action: 'approve' | 'reject';

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: BULK_MAX,
    description: `Comment ids, 1–${BULK_MAX}; a repeated id is decided once and reported once`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({
    enum: REJECT_CODES,
    description: 'For `reject` only (as the single reject): why, kept in each audit entry',
  })
  @IsOptional()
  @IsIn(REJECT_CODES)
  code?: RejectCode;
}
