import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class UpdateMeDto {
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
