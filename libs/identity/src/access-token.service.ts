import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@parley/config';

/** Claims Parley puts in an access token; `ver` is the user's token version at issue time. */
export interface AccessTokenClaims {
  sub: string;
  ver: number;
}

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.values.JWT_ACCESS_TTL_SECONDS;
  }

  sign(user: { id: string; tokenVersion: number }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, ver: user.tokenVersion };
    return this.jwt.signAsync(claims);
  }
}
