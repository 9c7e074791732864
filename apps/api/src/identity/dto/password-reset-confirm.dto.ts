import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX, PASSWORD_MIN, TOKEN_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class PasswordResetConfirmDto {
  @ApiProperty({ maxLength: TOKEN_MAX, description: 'The token of the emailed link' })
  @IsString()
  @MaxLength(TOKEN_MAX)
  token: string;

  // The minimum is checked by libs/identity with the same constant.
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  newPassword: string;
}
