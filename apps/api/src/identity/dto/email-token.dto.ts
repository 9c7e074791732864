import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_MAX } from '@parley/identity';
import { IsString, MaxLength } from 'class-validator';

export class EmailTokenDto {
  @ApiProperty({
    maxLength: TOKEN_MAX,
    description: 'The token of the emailed link (its `token` query parameter)',
  })
  @IsString()
  @MaxLength(TOKEN_MAX)
  token: string;
}
