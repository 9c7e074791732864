import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner, Tx } from '@parley/database';
import { resolveJwtKeys } from './jwt-secret';
import { LoginSessionStore } from './login-session.store';
import {
  hashRefreshToken,
  randomRefreshToken,
  successorRefreshToken,
} from './refresh-token-values';

const DAY_MS = 86_400_000;

/** A refresh token just issued, and the login it belongs to. */
export interface IssuedRefreshToken {
  token: string;
  sessionId: string;
  /** When it was issued: the access token issued with it carries this as `iat`. */
  issuedAt: Date;
}

/**
 * What presenting a refresh token did: spent it (rotation goes on), found it spent within the
 * grace window (the successor already issued is the answer), caught a reuse (the login is revoked),
 * found its login past SESSION_MAX_DAYS, or nothing.
 */
export type SpendResult =
  | { outcome: 'spent'; userId: string; sessionId: string; sessionCreatedAt: Date }
  | { outcome: 'successor'; userId: string; successor: IssuedRefreshToken }
  | { outcome: 'reused' | 'ended' | 'invalid' };

/**
 * The rules of logins and their refresh tokens (stored by LoginSessionStore): tokens are opaque,
 * stored only as a SHA-256 hash, one family per login, rotated on every use.
 */
@Injectable()
export class RefreshTokenService {
  /** The current secret first: successors are derived with it, earlier ones are only recognised. */
  private readonly successorSecrets: string[];

  constructor(
    private readonly store: LoginSessionStore,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {
    const keys = resolveJwtKeys(config.values);
    this.successorSecrets = [
      keys.current.secret,
      ...[...keys.verifying.values()].filter((secret) => secret !== keys.current.secret),
    ];
  }

  /** Starts a login with its first (random) token, in one statement. */
  async startLogin(userId: string): Promise<IssuedRefreshToken> {
    const token = randomRefreshToken();
    const issuedAt = new Date();
    const sessionId = await this.store.startLogin({
      userId,
      tokenHash: hashRefreshToken(token),
      createdAt: issuedAt,
      expiresAt: this.expiryOf(issuedAt, issuedAt),
    });
    return { token, sessionId, issuedAt };
  }

  /** Issues the successor of a token `spend` has just spent (in the same transaction). */
  async rotate(
    parent: string,
    spent: Extract<SpendResult, { outcome: 'spent' }>,
    tx: Tx,
  ): Promise<IssuedRefreshToken> {
    const token = successorRefreshToken(parent, this.successorSecrets[0]);
    const issuedAt = new Date();
    await this.store.addToken(
      spent.sessionId,
      {
        userId: spent.userId,
        tokenHash: hashRefreshToken(token),
        createdAt: issuedAt,
        expiresAt: this.expiryOf(issuedAt, spent.sessionCreatedAt),
      },
      tx,
    );
    return { token, sessionId: spent.sessionId, issuedAt };
  }

  /**
   * Spends a live token, so that of two concurrent presentations exactly one wins; the loser
   * then finds the token spent within the grace window, with the winner's successor committed:
   * both answer the same pair. A spent token presented after the window, or one whose successor
   * is no longer live, is a reuse: its login is revoked here.
   */
  async spend(token: string, tx: Tx): Promise<SpendResult> {
    const tokenHash = hashRefreshToken(token);
    const now = new Date();
    const spent = await this.store.spend(tokenHash, now, tx);
    const row = await this.store.findToken(tokenHash, tx);
    if (!row) return { outcome: 'invalid' };
    if (spent) {
      if (row.session.revokedAt || this.sessionEnd(row.session.createdAt) <= now)
        return { outcome: 'ended' };
      return {
        outcome: 'spent',
        userId: row.userId,
        sessionId: row.familyId,
        sessionCreatedAt: row.session.createdAt,
      };
    }
    if (row.spentAt && !row.revokedAt && this.withinGrace(row.spentAt, now)) {
      const successor = await this.liveSuccessor(token, tx, now);
      if (successor) return { outcome: 'successor', userId: row.userId, successor };
    }
    if (row.spentAt || row.revokedAt) {
      await this.store.revokeFamily(row.familyId, now, tx);
      return { outcome: 'reused' };
    }
    return { outcome: 'invalid' };
  }

  /** The live family a token of this user belongs to, or null (unknown, someone else's, spent, revoked, expired). */
  async liveFamilyOf(userId: string, token: string, tx?: Tx): Promise<string | null> {
    const row = await this.store.findLiveToken([hashRefreshToken(token)], new Date(), userId, tx);
    return row?.familyId ?? null;
  }

  /**
   * Ends the login of a token when the token belongs to this user (its refresh tokens and, through
   * `sid`, its access tokens); anything else changes nothing.
   */
  async revokeFamilyOfToken(userId: string, token: string): Promise<void> {
    const familyId = await this.store.familyOf(userId, hashRefreshToken(token));
    if (familyId)
      await this.transactions.run((tx) => this.store.revokeFamily(familyId, new Date(), tx));
  }

  /** Revokes every login of the user, except the family kept (the caller's own login, if any). */
  async revokeAllOfUser(userId: string, tx: Tx, keepFamilyId?: string | null): Promise<void> {
    await this.store.revokeAllOfUser(userId, new Date(), keepFamilyId ?? null, tx);
  }

  /** A token never outlives its login: the earlier of its own lifetime and the login's end. */
  private expiryOf(issuedAt: Date, sessionCreatedAt: Date): Date {
    const own = issuedAt.getTime() + this.config.values.REFRESH_TOKEN_TTL_DAYS * DAY_MS;
    return new Date(Math.min(own, this.sessionEnd(sessionCreatedAt).getTime()));
  }

  /** Computed from the start, so that lowering SESSION_MAX_DAYS ends older logins too. */
  private sessionEnd(createdAt: Date): Date {
    return new Date(createdAt.getTime() + this.config.values.SESSION_MAX_DAYS * DAY_MS);
  }

  private withinGrace(spentAt: Date, now: Date): boolean {
    return (
      now.getTime() - spentAt.getTime() <= this.config.values.REFRESH_REUSE_GRACE_SECONDS * 1000
    );
  }

  /** The successor of `parent` when it is still live (derived with the current or an earlier secret). */
  private async liveSuccessor(
    parent: string,
    tx: Tx,
    now: Date,
  ): Promise<IssuedRefreshToken | null> {
    const candidates = this.successorSecrets.map((secret) => successorRefreshToken(parent, secret));
    const row = await this.store.findLiveToken(
      candidates.map(hashRefreshToken),
      now,
      undefined,
      tx,
    );
    if (!row) return null;
    const token = candidates.find((candidate) => hashRefreshToken(candidate) === row.tokenHash)!;
    return { token, sessionId: row.familyId, issuedAt: row.createdAt };
  }
}
