import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class UpdateNotificationPreferencesDto {
  @ApiPropertyOptional({ description: 'Omitted: unchanged' })
  @IsOptional()
  @IsBoolean()
  replies?: boolean;

  @ApiPropertyOptional({ description: 'Omitted: unchanged' })
  @IsOptional()
  @IsBoolean()
  moderation?: boolean;
}
