import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';

/** `banned_words`: the posting policy's list, normalised (see banned-words.ts). */
@Injectable()
export class BannedWordStore {
  constructor(private readonly prisma: PrismaService) {}

  /** In alphabetical order; in the caller's transaction when given one. */
  async list(db: Tx = this.prisma): Promise<string[]> {
    const rows = await db.bannedWord.findMany({ select: { word: true }, orderBy: { word: 'asc' } });
    return rows.map((row) => row.word);
  }

  /**
   * Replaces the whole list, locking it first: two racing replacements run one after the other,
   * so each one's `previous` is what it actually replaced.
   */
  async replace(words: string[], tx: Tx): Promise<{ previous: string[] }> {
    await tx.$executeRaw`LOCK TABLE banned_words IN SHARE ROW EXCLUSIVE MODE`;
    const previous = await this.list(tx);
    await tx.bannedWord.deleteMany({});
    await tx.bannedWord.createMany({ data: words.map((word) => ({ word })) });
    return { previous };
  }
}
