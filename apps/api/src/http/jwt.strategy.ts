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
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';

/** Verifies the access token (HS256 only, issuer and audience pinned) and loads its user. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    { values }: AppConfig,
    private readonly users: UsersService,
  ) {
    // jsonwebtoken turns a string secret into a KeyObject on every verify, first trying it as a
    // PEM public key (which throws): ~7% of a loaded process's CPU. Made once here instead; the
    // typings only admit string | Buffer, though jsonwebtoken 9 takes a KeyObject.
    const key = createSecretKey(Buffer.from(resolveJwtSecret(values), 'utf8'));
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request, _token, done) => done(null, key as unknown as Buffer),
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
