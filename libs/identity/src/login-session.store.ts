import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, purgeInBatches, SqlClient, Tx } from '@parley/database';

/** A refresh token's row (only its hash is stored), with the login it belongs to. */
export interface StoredRefreshToken {
  userId: string;
  familyId: string;
  spentAt: Date | null;
  revokedAt: Date | null;
  session: { createdAt: Date; revokedAt: Date | null };
}

export interface NewRefreshToken {
  userId: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

/** One refresh token of a login, as the data export shows it (never the token or its hash). */
export interface RefreshTokenHistory {
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * The one class that reads and writes `login_sessions` and `refresh_tokens`, one aggregate: a
 * login (its id is the access tokens' `sid`) and the family of refresh tokens rotated from it.
 * Methods that can take part in a change across stores take an optional transaction last.
 */
@Injectable()
export class LoginSessionStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /** A login with its first token, in one statement; returns the login's id. */
  async startLogin(first: NewRefreshToken, db: Tx = this.prisma): Promise<string> {
    const session = await db.loginSession.create({
      data: {
        userId: first.userId,
        createdAt: first.createdAt,
        refreshTokens: { create: first },
      },
      select: { id: true },
    });
    return session.id;
  }

  /** The next token of a login (rotation). */
  async addToken(familyId: string, token: NewRefreshToken, db: Tx = this.prisma): Promise<void> {
    await db.refreshToken.create({ data: { ...token, familyId } });
  }

  /**
   * Marks a live token spent with one conditional UPDATE; false when it was not live. Of two
   * concurrent calls exactly one gets true: the row lock makes the loser re-check `spent_at`
   * once the winner commits.
   */
  async spend(tokenHash: string, now: Date, db: Tx = this.prisma): Promise<boolean> {
    const { count } = await db.refreshToken.updateMany({
      where: { tokenHash, spentAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { spentAt: now },
    });
    return count === 1;
  }

  findToken(tokenHash: string, db: Tx = this.prisma): Promise<StoredRefreshToken | null> {
    return db.refreshToken.findUnique({
      where: { tokenHash },
      select: {
        userId: true,
        familyId: true,
        spentAt: true,
        revokedAt: true,
        session: { select: { createdAt: true, revokedAt: true } },
      },
    });
  }

  /** The first of these tokens that is live at `now` (not spent, revoked or expired), if any, of `userId` when given. */
  findLiveToken(
    tokenHashes: string[],
    now: Date,
    userId?: string,
    db: Tx = this.prisma,
  ): Promise<{ tokenHash: string; familyId: string; createdAt: Date } | null> {
    return db.refreshToken.findFirst({
      where: {
        tokenHash: { in: tokenHashes },
        ...(userId !== undefined ? { userId } : {}),
        spentAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
      },
      select: { tokenHash: true, familyId: true, createdAt: true },
    });
  }

  /** The login a token of this user belongs to, whatever the token's state; null for anyone else's. */
  async familyOf(userId: string, tokenHash: string): Promise<string | null> {
    const row = await this.prisma.refreshToken.findFirst({
      where: { tokenHash, userId },
      select: { familyId: true },
    });
    return row?.familyId ?? null;
  }

  /** Ends a login: the login and every token of its family. */
  async revokeFamily(familyId: string, now: Date, db: Tx = this.prisma): Promise<void> {
    await db.loginSession.updateMany({
      where: { id: familyId, revokedAt: null },
      data: { revokedAt: now },
    });
    await db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: now },
    });
  }

  /** Ends every login of the user except `keepFamilyId` (the caller's own, if any). */
  async revokeAllOfUser(
    userId: string,
    now: Date,
    keepFamilyId: string | null,
    db: Tx = this.prisma,
  ): Promise<void> {
    const others = keepFamilyId ? { not: keepFamilyId } : undefined;
    await db.loginSession.updateMany({
      where: { userId, revokedAt: null, ...(others ? { id: others } : {}) },
      data: { revokedAt: now },
    });
    await db.refreshToken.updateMany({
      where: { userId, revokedAt: null, ...(others ? { familyId: others } : {}) },
      data: { revokedAt: now },
    });
  }

  /** Every refresh token of the user, oldest first. */
  historyOf(userId: string): Promise<RefreshTokenHistory[]> {
    return this.prisma.refreshToken.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { familyId: true, createdAt: true, expiresAt: true, revokedAt: true },
    });
  }

  /**
   * Deletes tokens that expired before `cutoff` (whatever their state), then the logins left
   * with none; returns how many tokens went.
   */
  async purgeExpiredBefore(cutoff: Date, signal?: AbortSignal): Promise<number> {
    const tokens = await purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM refresh_tokens WHERE id IN (
            SELECT id FROM refresh_tokens WHERE expires_at < ${cutoff} LIMIT ${limit})`),
      signal,
    );
    // A login and its first token are created in one statement, so a login without tokens is one
    // whose tokens were purged; the age guard only keeps this statement away from anything new.
    await purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM login_sessions WHERE id IN (
            SELECT s.id FROM login_sessions s
            WHERE s.created_at < ${cutoff}
              AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id)
            LIMIT ${limit})`),
      signal,
    );
    return tokens;
  }
}
