import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '@parley/database';
import type { BannedWordEntry } from './banned-words';

/** `banned_words`: the posting policy's list, normalised (see banned-words.ts), with actions. */
@Injectable()
export class BannedWordStore {
  constructor(private readonly prisma: PrismaService) {}

  /** In alphabetical order; in the caller's transaction when given one. */
  async list(db: Tx = this.prisma): Promise<BannedWordEntry[]> {
    return db.bannedWord.findMany({
      select: { word: true, action: true },
      orderBy: { word: 'asc' },
    });
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
