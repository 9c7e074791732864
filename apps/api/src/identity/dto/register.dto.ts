import { ApiProperty } from '@nestjs/swagger';
import {
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MIN,
  EMAIL_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: EMAIL_MAX })
  @IsString()
  @MaxLength(EMAIL_MAX)
  email: string;

  // The minimum is checked by libs/identity with the same constant.
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password: string;

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
