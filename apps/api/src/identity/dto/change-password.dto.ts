import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PASSWORD_INPUT_MAX, PASSWORD_MAX, PASSWORD_MIN, TOKEN_MAX } from '@parley/identity';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ maxLength: PASSWORD_INPUT_MAX })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  currentPassword: string;

  // The minimum is checked by libs/identity with the same constant.
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  newPassword: string;

  @ApiPropertyOptional({
    maxLength: TOKEN_MAX,
    description:
      'The refresh token of this login: its login survives the change (refresh it to get a new access token). Every other login is revoked.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX)
  refreshToken?: string;
}
