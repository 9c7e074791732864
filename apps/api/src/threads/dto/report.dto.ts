import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_NOTE_MAX } from '@parley/threads';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class ReportDto {
  @ApiProperty({ enum: ['spam', 'abuse', 'off_topic', 'other'] })
  @IsIn(['spam', 'abuse', 'off_topic', 'other'])
  reason: 'spam' | 'abuse' | 'off_topic' | 'other';

  @ApiPropertyOptional({ maxLength: REPORT_NOTE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_NOTE_MAX)
  note?: string;
}
