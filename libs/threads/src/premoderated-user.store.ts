import { Injectable } from '@nestjs/common';
import { Prisma, Tx } from '@parley/database';

/** `premoderated_users`: the users a moderator put under pre-moderation (a row while on). */
@Injectable()
export class PremoderatedUserStore {
  /** Turns it on or off; true when that changed something. */
  async set(tx: Tx, userId: string, enabled: boolean): Promise<boolean> {
    const changed = enabled
      ? await tx.$executeRaw`INSERT INTO premoderated_users (user_id) VALUES (${userId}::uuid) ON CONFLICT (user_id) DO NOTHING`
      : await tx.$executeRaw`DELETE FROM premoderated_users WHERE user_id = ${userId}::uuid`;
    return changed > 0;
  }

  /** A boolean column for another store's statement: whether `userId` is pre-moderated. */
  isPremoderatedSql(userId: string): Prisma.Sql {
    return Prisma.sql`EXISTS (SELECT 1 FROM premoderated_users p WHERE p.user_id = ${userId}::uuid)`;
  }
}
