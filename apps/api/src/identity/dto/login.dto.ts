import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_MAX, PASSWORD_INPUT_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: EMAIL_MAX })
  @IsString()
  @MaxLength(EMAIL_MAX)
  email: string;

  @ApiProperty({ maxLength: PASSWORD_INPUT_MAX })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;
}
