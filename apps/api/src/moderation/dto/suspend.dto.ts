import { ApiProperty } from '@nestjs/swagger';
import { MAX_SUSPENSION_DAYS } from '@parley/moderation';
import { IsISO8601 } from 'class-validator';
import { ReasonDto } from './reason.dto';

export class SuspendDto extends ReasonDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: `When the suspension ends: ISO-8601, strictly in the future, at most ${MAX_SUSPENSION_DAYS} days ahead`,
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  until: string;
}
