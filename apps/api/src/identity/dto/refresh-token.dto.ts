import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_MAX } from '@parley/identity';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of /auth/refresh and /auth/logout. */
export class RefreshTokenDto {
  @ApiProperty({ maxLength: TOKEN_MAX, description: 'The opaque refresh token of the login' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX)
  refreshToken: string;
}
