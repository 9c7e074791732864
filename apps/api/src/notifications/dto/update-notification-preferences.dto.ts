import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';

/** Each field may be left out (unchanged), never null. */
export class UpdateNotificationPreferencesDto {
  @ApiPropertyOptional({ description: 'Omitted: unchanged' })
  @ValidateIf((dto: UpdateNotificationPreferencesDto) => dto.replies !== undefined)
  @IsBoolean()
  replies?: boolean;

  @ApiPropertyOptional({ description: 'Omitted: unchanged' })
  @ValidateIf((dto: UpdateNotificationPreferencesDto) => dto.moderation !== undefined)
  @IsBoolean()
  moderation?: boolean;
}
