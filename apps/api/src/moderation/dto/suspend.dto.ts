import { ApiProperty } from '@nestjs/swagger';
import { MAX_SUSPENSION_DAYS } from '@parley/moderation';
import { IsDateTime } from '../../http/date-time.validator';
import { ReasonDto } from './reason.dto';

export class SuspendDto extends ReasonDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: `When the suspension ends: an ISO-8601 date-time with its offset, or a date meaning midnight UTC (years 0001–9999), strictly in the future, at most ${MAX_SUSPENSION_DAYS} days ahead`,
  })
  @IsDateTime()
  until: string;
}
