import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@parley/config';
import {
  AccessTokenClaims,
  AuthUser,
  JWT_ALGORITHM,
  resolveJwtSecret,
  UsersService,
} from '@parley/identity';
import { ExtractJwt, Strategy } from 'passport-jwt';

/** Verifies the access token (HS256 only, issuer and audience pinned) and loads its user. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    { values }: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: resolveJwtSecret(values),
      algorithms: [JWT_ALGORITHM],
      issuer: values.JWT_ISSUER,
      audience: values.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims.sub !== 'string' || typeof claims.ver !== 'number') return false;
    return (await this.users.findAuthUser(claims.sub, claims.ver)) ?? false;
  }
}
