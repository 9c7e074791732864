import { Injectable } from '@nestjs/common';
import { PrismaService } from '@parley/database';

/** The kinds of notification mail a reader can turn off (each has its own unsubscribe token). */
export type NotificationKind = 'replies' | 'moderation';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['replies', 'moderation'];

export type NotificationPreferences = Record<NotificationKind, boolean>;

const DEFAULTS: NotificationPreferences = { replies: true, moderation: true };

/** The one class that reads and writes `notification_preferences`; no row means the defaults. */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly prisma: PrismaService) {}

  async get(userId: string): Promise<NotificationPreferences> {
    const row = await this.prisma.notificationPreference.findUnique({ where: { userId } });
    return row ? { replies: row.replies, moderation: row.moderation } : { ...DEFAULTS };
  }

  /** Changes the given kinds, keeps the others; one upsert, so concurrent changes both apply. */
  async update(
    userId: string,
    changes: Partial<NotificationPreferences>,
  ): Promise<NotificationPreferences> {
    const row = await this.prisma.notificationPreference.upsert({
      where: { userId },
      create: { userId, ...DEFAULTS, ...changes },
      update: changes,
    });
    return { replies: row.replies, moderation: row.moderation };
  }

  /** Forgets the account's choices (its erasure). */
  async forget(userId: string): Promise<void> {
    await this.prisma.notificationPreference.deleteMany({ where: { userId } });
  }
}
