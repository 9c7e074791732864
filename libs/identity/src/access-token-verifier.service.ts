import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AppConfig } from '@parley/config';
import { DomainError } from '@parley/errors';
import { createSecretKey, KeyObject } from 'node:crypto';
import type { AccessTokenClaims } from './access-token.service';
import type { AuthUser } from './auth-user';
import { JWT_ALGORITHM, resolveJwtKeys } from './jwt-secret';
import { UsersService } from './users.service';

/**
 * Who an access token is: verified (HS256 only, issuer and audience pinned, not expired) with the
 * key its `kid` names (JWT_SECRET, or one of JWT_PREVIOUS_SECRETS while tokens they signed live;
 * no `kid`: the current key), then its user loaded and its version and login checked. Each
 * application instance verifies with its own keys (no process-wide strategy registry).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {
    // jsonwebtoken turns a string secret into a KeyObject on every verify, first trying it as a
    // PEM public key (which throws): ~7% of a loaded process's CPU. Made once here instead; the
    // typings only admit string | Buffer, though jsonwebtoken 9 takes a KeyObject.
    const { current, verifying } = resolveJwtKeys(config.values);
    for (const [id, secret] of verifying)
      this.keys.set(id, createSecretKey(Buffer.from(secret, 'utf8')));
    this.currentKey = this.keys.get(current.id)!;
  }

  /** The user of a `Bearer` Authorization header; DomainError unauthenticated / token_expired. */
  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw unauthenticated();
    const claims = this.verify(token);
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.ver !== 'number' ||
      typeof claims.sid !== 'string'
    )
      throw unauthenticated();
    const user = await this.users.findAuthUser(claims.sub, claims.ver, claims.sid);
    if (!user) throw unauthenticated();
    return user;
  }

  private verify(token: string): Partial<AccessTokenClaims> {
    const { JWT_ISSUER, JWT_AUDIENCE } = this.config.values;
    const key = this.keys.get(keyIdOf(token) ?? '') ?? this.currentKey;
    try {
      return this.jwt.verify<Partial<AccessTokenClaims>>(token, {
        secret: key as unknown as Buffer,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch (error) {
      if (error instanceof TokenExpiredError)
        throw new DomainError('token_expired', 'The access token has expired; refresh it');
      throw unauthenticated();
    }
  }
}

function unauthenticated(): DomainError {
  return new DomainError('unauthenticated', 'A valid access token is required');
}

/** The `kid` of a JWT's header, read without trusting it (the signature is checked with that key). */
function keyIdOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(token.slice(0, Math.max(0, token.indexOf('.'))), 'base64url').toString('utf8'),
    );
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
