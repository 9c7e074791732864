import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDateTime } from '../../http/date-time.validator';

export class ComplimentaryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the access ends (an ISO-8601 date-time with its offset, or a date meaning midnight UTC, in the future, years 0001–9999); omitted or null: no end',
  })
  @IsOptional()
  @IsDateTime()
  until?: string | null;
}
