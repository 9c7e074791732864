import { ApiPropertyOptional } from '@nestjs/swagger';
import { REJECT_CODES, RejectCode } from '@parley/moderation';
import { IsIn, IsOptional } from 'class-validator';
import { ReasonDto } from './reason.dto';

export class RejectDto extends ReasonDto {
  @ApiPropertyOptional({
    enum: REJECT_CODES,
    description: 'Why, as a code (kept in the audit log as reasonCode)',
  })
  @IsOptional()
  @IsIn(REJECT_CODES)
  code?: RejectCode;
}
