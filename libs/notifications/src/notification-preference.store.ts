import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, Tx } from '@parley/database';
import { DEFAULT_PREFERENCES, NotificationPreferences } from './notification-kinds';

/** The one class that reads and writes `notification_preferences`; no row means the defaults. */
@Injectable()
export class NotificationPreferenceStore {
  constructor(private readonly prisma: PrismaService) {}

  async get(userId: string): Promise<NotificationPreferences> {
    const row = await this.prisma.notificationPreference.findUnique({ where: { userId } });
    return row ? { replies: row.replies, moderation: row.moderation } : { ...DEFAULT_PREFERENCES };
  }

  /**
   * Changes the given kinds, keeps the others; one upsert, so concurrent changes both apply. Only
   * for an account that is not erased (null otherwise): the statement locks the user row in share
   * mode, so an erasure's wipe waits for it to commit and then removes its row
   * (eraseWithIdentity), and once the wipe has committed the statement finds no account.
   */
  async update(
    userId: string,
    changes: Partial<NotificationPreferences>,
  ): Promise<NotificationPreferences | null> {
    const replies = changes.replies ?? null;
    const moderation = changes.moderation ?? null;
    const [row] = await this.prisma.$queryRaw<NotificationPreferences[]>(Prisma.sql`
      WITH live AS (SELECT id FROM users WHERE id = ${userId}::uuid AND erased_at IS NULL FOR SHARE)
      INSERT INTO notification_preferences AS p (user_id, replies, moderation, updated_at)
      SELECT id, COALESCE(${replies}::boolean, ${DEFAULT_PREFERENCES.replies}),
        COALESCE(${moderation}::boolean, ${DEFAULT_PREFERENCES.moderation}), now()
      FROM live
      ON CONFLICT (user_id) DO UPDATE SET
        replies = COALESCE(${replies}::boolean, p.replies),
        moderation = COALESCE(${moderation}::boolean, p.moderation),
        updated_at = now()
      RETURNING replies, moderation`);
    return row ?? null;
  }

  /** Forgets the account's choices (its erasure). */
  async forget(tx: Tx, userId: string): Promise<void> {
    await tx.notificationPreference.deleteMany({ where: { userId } });
  }
}
