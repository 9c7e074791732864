import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class ComplimentaryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the access ends (ISO-8601, in the future); omitted or null: no end',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string | null;
}
