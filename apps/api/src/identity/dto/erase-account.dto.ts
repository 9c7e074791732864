import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class EraseAccountDto {
  @ApiProperty({ description: "The account's password, to confirm the erasure" })
  @IsString()
  @MaxLength(1024)
  password: string;
}
