import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_INPUT_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class EraseAccountDto {
  @ApiProperty({
    maxLength: PASSWORD_INPUT_MAX,
    description: "The account's password, to confirm the erasure",
  })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;
}
