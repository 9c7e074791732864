import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';

/** A stored note about a user. */
export interface ModeratorNoteRecord {
  id: string;
  subjectId: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

const COLUMNS = { id: true, subjectId: true, authorId: true, body: true, createdAt: true } as const;

/**
 * The one class that reads and writes `moderator_notes`: what moderators wrote about a user.
 * Notes are never edited (a correction is a new note); they go only with their subject's erasure.
 */
@Injectable()
export class ModeratorNoteStore {
  constructor(private readonly prisma: PrismaService) {}

  /** In the caller's transaction, which holds the note's audit entry too. */
  add(
    tx: Tx,
    note: { subjectId: string; authorId: string; body: string },
  ): Promise<ModeratorNoteRecord> {
    return tx.moderatorNote.create({ data: note, select: COLUMNS });
  }

  /**
   * The newest `limit` notes about the user, newest first, and how many there are in all, in one
   * query on the (subject_id, created_at, id) index.
   */
  async listAbout(
    subjectId: string,
    limit: number,
  ): Promise<{ items: ModeratorNoteRecord[]; total: number }> {
    const rows = await this.prisma.$queryRaw<(ModeratorNoteRecord & { total: number })[]>`
      SELECT id::text AS id, subject_id::text AS "subjectId", author_id::text AS "authorId", body,
        created_at AS "createdAt", (count(*) OVER ())::int AS total
      FROM moderator_notes WHERE subject_id = ${subjectId}::uuid
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
    return { items: rows.map(({ total: _total, ...note }) => note), total: rows[0]?.total ?? 0 };
  }

  /** Deletes every note about the user (their erasure); returns how many went. */
  async deleteAbout(subjectId: string): Promise<number> {
    return (await this.prisma.moderatorNote.deleteMany({ where: { subjectId } })).count;
  }
}
