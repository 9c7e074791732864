import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ChangeEmailDto {
  @ApiProperty({ example: 'new-address@example.com' })
  @IsString()
  @MaxLength(254)
  newEmail: string;

  @ApiProperty({ description: 'The current password' })
  @IsString()
  @MaxLength(1024)
  password: string;
}
