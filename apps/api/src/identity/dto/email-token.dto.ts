import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class EmailTokenDto {
  @ApiProperty({ description: 'The token of the emailed link (its `token` query parameter)' })
  @IsString()
  @MaxLength(512)
  token: string;
}
