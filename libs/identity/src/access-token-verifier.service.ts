import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { Prisma } from '@parley/database';
import { isUUID } from 'class-validator';
import { createSecretKey, KeyObject } from 'node:crypto';
import type { AccessTokenClaims } from './access-token.service';
import { loginRequired, type AuthUser } from './auth-user';
import { JWT_ALGORITHM, resolveJwtKeys } from './jwt-secret';
import { RecentLogins } from './recent-logins';
import { UncheckedLogin } from './unchecked-login';
import { authUserFromJson, UserStore } from './user.store';

/**
 * What checking an access token needs from identity: the key its `kid` names (JWT_SECRET, or one
 * of JWT_PREVIOUS_SECRETS while tokens they signed live; no or unknown `kid`: the current key),
 * the pinned algorithm, issuer and audience, and the user its claims name, loaded with its token
 * version and login (`sid`) checked. The HTTP layer's passport-jwt strategy does the verifying.
 */
@Injectable()
export class AccessTokenVerifier {
  readonly algorithms = [JWT_ALGORITHM];
  readonly issuer: string;
  readonly audience: string;
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentKey: KeyObject;
  private readonly recent: RecentLogins;

  constructor(
    private readonly users: UserStore,
    { values }: AppConfig,
  ) {
    this.issuer = values.JWT_ISSUER;
    this.audience = values.JWT_AUDIENCE;
    this.recent = new RecentLogins(values.CACHE_TTL_MS);
    // jsonwebtoken turns a string secret into a KeyObject on every verify, first trying it as a
    // PEM public key (which throws): ~7% of a loaded process's CPU. Made once here instead.
    const { current, verifying } = resolveJwtKeys(values);
    for (const [id, secret] of verifying)
      this.keys.set(id, createSecretKey(Buffer.from(secret, 'utf8')));
    this.currentKey = this.keys.get(current.id)!;
  }

  /** The key to verify this token with, picked by its `kid` header (read without trusting it). */
  keyFor(token: string): KeyObject {
    return this.keys.get(keyIdOf(token) ?? '') ?? this.currentKey;
  }

  /**
   * The user of verified claims, or null when the token's user, version or login is no more.
   * With `recentEnough`, a login found live within CACHE_TTL_MS may answer without a query: for
   * public reads whose answer a stale check cannot make unsafe (see the `LoginCheckMayBeRecent`
   * routes); everything else checks at once, so a logout, ban or password change bites there
   * on the next request.
   */
  async userOf(claims: Partial<AccessTokenClaims>, recentEnough = false): Promise<AuthUser | null> {
    const login = this.loginOf(claims);
    if (!login) return null;
    const key = `${login.userId}:${login.tokenVersion}:${login.sessionId}`;
    const now = Date.now();
    const recent = recentEnough ? this.recent.get(key, now) : undefined;
    if (recent) return recent;
    const user = await this.users.findAuthUser(login.userId, login.tokenVersion, login.sessionId);
    if (user) this.recent.set(key, user, now);
    return user;
  }

  /** The login that verified claims name, not yet read (null: claims no login can have). */
  loginOf(claims: Partial<AccessTokenClaims>): UncheckedLogin | null {
    const { sub, ver, sid } = claims;
    if (typeof sub !== 'string' || typeof ver !== 'number' || typeof sid !== 'string') return null;
    if (!isUUID(sub) || !isUUID(sid)) return null;
    return new UncheckedLogin(sub, ver, sid);
  }

  /**
   * userOf() as a column of another store's statement: a write's first statement reads the
   * login with what it needs anyway (the article, the reader's grants), so that checking it
   * costs no round trip of its own; userFrom() reads the column back.
   */
  loginSql(login: UncheckedLogin): Prisma.Sql {
    return this.users.authUserJsonSql(login.userId, login.sessionId);
  }

  /** The user of loginSql()'s column; 401 unauthenticated when the token's login is no more. */
  userFrom(column: unknown, login: UncheckedLogin): AuthUser {
    const user = authUserFromJson(column, login.tokenVersion);
    if (!user) throw loginRequired();
    return user;
  }
}

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
