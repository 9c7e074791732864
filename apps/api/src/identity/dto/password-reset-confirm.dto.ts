import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token of the emailed link' })
  @IsString()
  @MaxLength(512)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
