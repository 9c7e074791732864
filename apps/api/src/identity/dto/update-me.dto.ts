import { ApiProperty } from '@nestjs/swagger';
import { DISPLAY_NAME_MAX, DISPLAY_NAME_MIN } from '@parley/identity';
import { IsString } from 'class-validator';

export class UpdateMeDto {
  // Counted after trimming, so only libs/identity can check the length (with these constants).
  @ApiProperty({
    example: 'Ada Lovelace',
    minLength: DISPLAY_NAME_MIN,
    maxLength: DISPLAY_NAME_MAX,
    description: `${DISPLAY_NAME_MIN}–${DISPLAY_NAME_MAX} characters after trimming, NFC-normalised; no control or invisible characters`,
  })
  @IsString()
  displayName: string;
}
