import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { Prisma, PrismaService } from '@parley/database';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

type RefreshTokenDb = Pick<Prisma.TransactionClient, 'refreshToken'>;

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What presenting a refresh token did: spent it (rotation may go on), caught a reuse, or nothing. */
export type SpendResult =
  | { outcome: 'spent'; userId: string; familyId: string }
  | { outcome: 'reused'; userId: string; familyId: string }
  | { outcome: 'invalid' };

/** Opaque refresh tokens: random, stored only as a SHA-256 hash, one family per login. */
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** Issues a token in the given family (a new login when omitted). */
  async issue(
    userId: string,
    familyId: string = randomUUID(),
    db: RefreshTokenDb = this.prisma,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.refreshToken.create({
      data: {
        userId,
        familyId,
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(Date.now() + this.config.values.REFRESH_TOKEN_TTL_DAYS * DAY_MS),
      },
    });
    return token;
  }

  /**
   * Spends a live token with one conditional UPDATE, so that of two concurrent presentations
   * exactly one wins: the row lock makes the loser re-check `spent_at` after the winner commits.
   * A token that exists but was already spent or revoked is a reuse; its family is revoked here.
   */
  async spend(token: string, db: RefreshTokenDb): Promise<SpendResult> {
    const tokenHash = hashRefreshToken(token);
    const now = new Date();
    const { count } = await db.refreshToken.updateMany({
      where: { tokenHash, spentAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { spentAt: now },
    });
    const row = await db.refreshToken.findUnique({
      where: { tokenHash },
      select: { userId: true, familyId: true, spentAt: true, revokedAt: true },
    });
    if (!row) return { outcome: 'invalid' };
    if (count === 1) return { outcome: 'spent', userId: row.userId, familyId: row.familyId };
    if (row.spentAt || row.revokedAt) {
      await this.revokeFamily(row.familyId, db);
      return { outcome: 'reused', userId: row.userId, familyId: row.familyId };
    }
    return { outcome: 'invalid' };
  }

  /** The live family a token of this user belongs to, or null (unknown, someone else's, spent, revoked, expired). */
  async liveFamilyOf(
    userId: string,
    token: string,
    db: RefreshTokenDb = this.prisma,
  ): Promise<string | null> {
    const row = await db.refreshToken.findFirst({
      where: {
        tokenHash: hashRefreshToken(token),
        userId,
        spentAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      select: { familyId: true },
    });
    return row?.familyId ?? null;
  }

  /** Revokes the family of a token when the token belongs to this user; anything else changes nothing. */
  async revokeFamilyOfToken(userId: string, token: string): Promise<void> {
    const row = await this.prisma.refreshToken.findFirst({
      where: { tokenHash: hashRefreshToken(token), userId },
      select: { familyId: true },
    });
    if (row) await this.revokeFamily(row.familyId, this.prisma);
  }

  /** Revokes every login of the user, except the family kept (the caller's own login, if any). */
  async revokeAllOfUser(
    userId: string,
    db: RefreshTokenDb,
    keepFamilyId?: string | null,
  ): Promise<void> {
    await db.refreshToken.updateMany({
      where: {
        userId,
        revokedAt: null,
        ...(keepFamilyId ? { familyId: { not: keepFamilyId } } : {}),
      },
      data: { revokedAt: new Date() },
    });
  }

  private async revokeFamily(familyId: string, db: RefreshTokenDb): Promise<void> {
    await db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}
