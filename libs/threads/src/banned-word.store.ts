import { Injectable } from '@nestjs/common';
import { Prisma, SqlClient, Tx } from '@parley/database';
import type { BannedWordEntry } from './banned-words';

const SELECT = { word: true, action: true } as const;

/** `banned_words`: the posting policy's list, normalised (see banned-words.ts), with actions. */
@Injectable()
export class BannedWordStore {
  constructor(private readonly sql: SqlClient) {}

  /** In alphabetical order; in the caller's transaction when given one. */
  async list(tx?: Tx): Promise<BannedWordEntry[]> {
    if (tx) return tx.bannedWord.findMany({ select: SELECT, orderBy: { word: 'asc' } });
    // Every post's rules read it (cached); SqlClient keeps Prisma's engine out of that path.
    return this.sql.query<BannedWordEntry>(
      Prisma.sql`SELECT word, action::text AS action FROM banned_words ORDER BY word`,
    );
  }

  /**
   * Replaces the whole list, locking it first: two racing replacements run one after the other,
   * so each one's `previous` is what it actually replaced.
   */
  async replace(entries: BannedWordEntry[], tx: Tx): Promise<{ previous: BannedWordEntry[] }> {
    await tx.$executeRaw`LOCK TABLE banned_words IN SHARE ROW EXCLUSIVE MODE`;
    const previous = await this.list(tx);
    await tx.bannedWord.deleteMany({});
    await tx.bannedWord.createMany({ data: entries });
    return { previous };
  }
}
