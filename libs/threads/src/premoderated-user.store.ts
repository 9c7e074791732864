import { Injectable } from '@nestjs/common';
import { Prisma, SqlClient, Tx } from '@parley/database';

/** `premoderated_users`: the users a moderator put under pre-moderation (a row while on). */
@Injectable()
export class PremoderatedUserStore {
  constructor(private readonly sql: SqlClient) {}

  /** Every pre-moderated user (a short list: moderators add them one by one). */
  async listIds(): Promise<string[]> {
    const rows = await this.sql.query<{ userId: string }>(
      Prisma.sql`SELECT user_id::text AS "userId" FROM premoderated_users`,
    );
    return rows.map((row) => row.userId);
  }

  /** Turns it on or off; true when that changed something. */
  async set(tx: Tx, userId: string, enabled: boolean): Promise<boolean> {
    const changed = enabled
      ? await tx.$executeRaw`INSERT INTO premoderated_users (user_id) VALUES (${userId}::uuid) ON CONFLICT (user_id) DO NOTHING`
      : await tx.$executeRaw`DELETE FROM premoderated_users WHERE user_id = ${userId}::uuid`;
    return changed > 0;
  }
}
