import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class ReportDto {
  @ApiProperty({ enum: ['spam', 'abuse', 'off_topic', 'other'] })
  @IsIn(['spam', 'abuse', 'off_topic', 'other'])
  reason: 'spam' | 'abuse' | 'off_topic' | 'other';

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
