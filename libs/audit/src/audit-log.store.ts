import { Injectable } from '@nestjs/common';
import { ModerationAction, Prisma, PrismaService } from '@parley/database';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import type {
  AuditAction,
  AuditEntry,
  AuditEntryInput,
  AuditPage,
  AuditTargetType,
} from './audit-entry';

type Db = Prisma.TransactionClient | PrismaService;

/**
 * The one class that writes and reads `moderation_actions`: the append-only log of moderation and
 * admin actions. Each domain writes its entry in the transaction of the change it records. There is no update or delete here, and
 * the database refuses both (a trigger), so an entry once written stays as written.
 */
@Injectable()
export class AuditLogStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes one entry; pass a transaction client to make it part of the change it records. */
  async record(input: AuditEntryInput, db: Db = this.prisma): Promise<AuditEntry> {
    const row = await db.moderationAction.create({
      data: {
        actorId: input.actorId,
        action: input.action,
        targetType: input.target.type,
        targetId: input.target.id,
        reasonCode: input.reasonCode ?? null,
        reason: input.reason ?? null,
        metadata: input.metadata ?? {},
      },
    });
    return toEntry(row);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(query: { cursor?: string; limit: number }): Promise<AuditPage> {
    const position = query.cursor !== undefined ? decodeAuditCursor(query.cursor) : undefined;
    const rows = await this.prisma.moderationAction.findMany({
      where: position
        ? {
            OR: [
              { createdAt: { lt: position.at } },
              { createdAt: position.at, id: { lt: position.id } },
            ],
          }
        : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return {
      items: rows.slice(0, query.limit).map(toEntry),
      nextCursor: last ? encodeAuditCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * The newest `limit` entries of these actions about one target (a user's sanctions), newest
   * first, on the (target_type, target_id, created_at, id) index.
   */
  async listForTarget(
    target: { type: AuditTargetType; id: string },
    actions: readonly AuditAction[],
    limit: number,
  ): Promise<AuditEntry[]> {
    const rows = await this.prisma.moderationAction.findMany({
      where: { targetType: target.type, targetId: target.id, action: { in: [...actions] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toEntry);
  }
}

function toEntry(row: ModerationAction): AuditEntry {
  return {
    id: row.id,
    actorId: row.actorId,
    action: row.action as AuditAction,
    target: { type: row.targetType as AuditTargetType, id: row.targetId },
    reasonCode: row.reasonCode,
    reason: row.reason,
    metadata: row.metadata as Prisma.JsonObject,
    createdAt: row.createdAt,
  };
}
