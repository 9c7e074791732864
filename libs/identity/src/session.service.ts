import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { DomainError } from '@parley/errors';
import { AccessTokenService } from './access-token.service';
import type { TokenPair } from './auth.service';
import { AuthRateLimits } from './auth-rate-limits.service';
import { RefreshTokenService } from './refresh-token.service';
import { UserStore } from './user.store';

/** Keeping a login alive (refresh, with rotation and reuse detection) and ending it (logout). */
@Injectable()
export class SessionService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UserStore,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimits: AuthRateLimits,
  ) {}

  /**
   * Spends the refresh token and issues the next one of the same login, in one transaction. Within
   * REFRESH_REUSE_GRACE_SECONDS of its rotation, the same token presented again (a second tab, a
   * retried request, a concurrent refresh) answers the same pair. After that, a spent or revoked
   * token presented again revokes the whole login (the revocation is committed, then 401); so does
   * nothing after SESSION_MAX_DAYS.
   */
  async refresh(refreshToken: string, clientIp: string): Promise<TokenPair> {
    await this.rateLimits.refresh(clientIp);
    const tokens = await this.transactions.run(async (tx) => {
      const spent = await this.refreshTokens.spend(refreshToken, tx);
      if (spent.outcome !== 'spent' && spent.outcome !== 'successor') return null;
      const user = await this.users.findById(spent.userId, tx);
      if (!user || user.erasedAt) return null;
      const next =
        spent.outcome === 'spent'
          ? await this.refreshTokens.rotate(refreshToken, spent, tx)
          : spent.successor;
      return {
        accessToken: await this.accessTokens.sign(user, next.sessionId, next.issuedAt),
        refreshToken: next.token,
        expiresIn: this.accessTokens.ttlSeconds,
      };
    });
    if (!tokens)
      throw new DomainError(
        'unauthenticated',
        'The refresh token is invalid, expired or already used; sign in again',
      );
    return tokens;
  }

  /**
   * Ends the login of this refresh token if it is the caller's: its refresh tokens and its access
   * tokens (their `sid`) stop working at once. Any other token changes nothing, silently.
   */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOfToken(userId, refreshToken);
  }
}
