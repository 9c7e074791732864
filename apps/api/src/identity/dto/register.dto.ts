import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty({
    example: 'Ada Lovelace',
    minLength: 2,
    maxLength: 40,
    description: 'Trimmed and NFC-normalised; no control or invisible characters',
  })
  @IsString()
  @MaxLength(200)
  displayName: string;
}
