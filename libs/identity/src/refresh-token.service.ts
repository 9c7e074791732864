import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService } from '@parley/database';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opaque refresh tokens: random, stored only as a SHA-256 hash, one family per login. */
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** Issues a token in the given family (a new login when omitted). */
  async issue(userId: string, familyId: string = randomUUID(), db: Pick<PrismaService, 'refreshToken'> = this.prisma): Promise<string> {
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
}
