import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_MAX, PASSWORD_INPUT_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class ChangeEmailDto {
  @ApiProperty({ example: 'new-address@example.com', maxLength: EMAIL_MAX })
  @IsString()
  @MaxLength(EMAIL_MAX)
  newEmail: string;

  @ApiProperty({ description: 'The current password', maxLength: PASSWORD_INPUT_MAX })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;
}
