import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@parley/config';

/**
 * Claims Parley puts in an access token: `ver` is the user's token version at issue time, `sid`
 * the login (LoginSession) it belongs to; both are checked on every request.
 */
export interface AccessTokenClaims {
  sub: string;
  ver: number;
  sid: string;
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

  /**
   * Signs the access token issued with a refresh token, dated like it: signing again for the same
   * refresh token (within the grace window) gives the same token, unless the user's version moved.
   */
  sign(
    user: { id: string; tokenVersion: number },
    sessionId: string,
    issuedAt: Date,
  ): Promise<string> {
    const claims: AccessTokenClaims & { iat: number } = {
      sub: user.id,
      ver: user.tokenVersion,
      sid: sessionId,
      iat: Math.floor(issuedAt.getTime() / 1000),
    };
    return this.jwt.signAsync(claims);
  }
}
