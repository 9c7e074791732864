import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PrismaService, purgeInBatches, RetentionStep } from '@parley/database';

const DAY_MS = 86_400_000;

/**
 * Purges refresh tokens RETENTION_REFRESH_TOKENS_DAYS after their expiry, whether spent, revoked
 * or never used, then the logins left with no token. Never earlier: a spent token must stay
 * until it expires so that presenting it again is recognised as a reuse. A login with no token
 * left can no longer refresh, and its access tokens are refused once its row is gone (the `sid`
 * check finds none).
 */
@Injectable()
export class SessionRetention implements RetentionStep {
  readonly retentionName = 'refresh_tokens';

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async purgeExpired(now: Date): Promise<number> {
    const cutoff = new Date(
      now.getTime() - this.config.values.RETENTION_REFRESH_TOKENS_DAYS * DAY_MS,
    );
    const tokens = await purgeInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM refresh_tokens WHERE id IN (
          SELECT id FROM refresh_tokens WHERE expires_at < ${cutoff} LIMIT ${limit})`,
    );
    // A login and its first token are created in one statement, so a login without tokens is one
    // whose tokens were purged; the age guard only keeps this statement away from anything new.
    await purgeInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM login_sessions WHERE id IN (
          SELECT s.id FROM login_sessions s
          WHERE s.created_at < ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id)
          LIMIT ${limit})`,
    );
    return tokens;
  }
}
