import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, purgeInBatches, SqlClient, Tx } from '@parley/database';

/**
 * The one class that reads and writes `sso_token_uses`: the publisher tokens already exchanged.
 * A `jti` is spent by one INSERT whose primary key decides between concurrent requests.
 */
@Injectable()
export class SsoTokenUseStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlClient,
  ) {}

  /**
   * True when this call spent the token; false when it was spent before. A concurrent spender's
   * uncommitted row makes this statement wait for its transaction: false if it commits, true if
   * it rolls back (a sign-in that failed leaves the token unspent).
   */
  async spend(issuer: string, jti: string, expiresAt: Date, tx: Tx): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO sso_token_uses (issuer, jti, expires_at)
      VALUES (${issuer}, ${jti}, ${expiresAt}::timestamptz)
      ON CONFLICT (issuer, jti) DO NOTHING`;
    return inserted === 1;
  }

  /**
   * Tokens that can no longer be accepted anyway: their row guards nothing. Batches are picked by
   * row address, as comment_body_claims' are: matched by the two-column key, PostgreSQL plans a
   * join against a scan of the whole table for every batch.
   */
  purgeExpiredBefore(cutoff: Date, signal?: AbortSignal): Promise<number> {
    return purgeInBatches(
      (limit) =>
        this.sql.execute(Prisma.sql`
          DELETE FROM sso_token_uses WHERE ctid IN (
            SELECT ctid FROM sso_token_uses WHERE expires_at < ${cutoff} LIMIT ${limit})`),
      signal,
    );
  }
}
