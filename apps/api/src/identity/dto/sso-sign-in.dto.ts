import { ApiProperty } from '@nestjs/swagger';
import { SSO_TOKEN_MAX } from '@parley/identity';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of POST /auth/sso. */
export class SsoSignInDto {
  @ApiProperty({
    maxLength: SSO_TOKEN_MAX,
    description:
      "The publisher's signed JWT (HS256, RS256 or ES256): iss, aud, sub, jti, iat, exp (at most 300 s after iat), " +
      'optional email, name and entitlement {commenting, until, plan}',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(SSO_TOKEN_MAX)
  token: string;
}
