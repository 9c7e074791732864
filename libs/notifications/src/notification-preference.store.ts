import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';
import { DEFAULT_PREFERENCES, NotificationPreferences } from './notification-kinds';

/** The one class that reads and writes `notification_preferences`; no row means the defaults. */
@Injectable()
export class NotificationPreferenceStore {
  constructor(private readonly prisma: PrismaService) {}

  async get(userId: string): Promise<NotificationPreferences> {
    const row = await this.prisma.notificationPreference.findUnique({ where: { userId } });
    return row ? { replies: row.replies, moderation: row.moderation } : { ...DEFAULT_PREFERENCES };
  }

  /** Changes the given kinds, keeps the others; one upsert, so concurrent changes both apply. */
  async update(
    userId: string,
    changes: Partial<NotificationPreferences>,
  ): Promise<NotificationPreferences> {
    const row = await this.prisma.notificationPreference.upsert({
      where: { userId },
      create: { userId, ...DEFAULT_PREFERENCES, ...changes },
      update: changes,
    });
    return { replies: row.replies, moderation: row.moderation };
  }

  /** Forgets the account's choices (its erasure). */
  async forget(tx: Tx, userId: string): Promise<void> {
    await tx.notificationPreference.deleteMany({ where: { userId } });
  }
}
