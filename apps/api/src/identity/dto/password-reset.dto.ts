import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class PasswordResetDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: EMAIL_MAX })
  @IsString()
  @MaxLength(EMAIL_MAX)
  email: string;
}
