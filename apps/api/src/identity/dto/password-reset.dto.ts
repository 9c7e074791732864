import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class PasswordResetDto {
  @ApiProperty({ example: 'reader@example.com' })
  @IsString()
  @MaxLength(254)
  email: string;
}
