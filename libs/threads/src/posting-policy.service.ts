import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@parley/database';
import { DomainError } from '@parley/errors';
import { containsBannedWord, normalizeWord } from './banned-words';

export const MAX_BANNED_WORDS = 1000;
const MAX_WORD_LENGTH = 100;

type Db = Prisma.TransactionClient | PrismaService;

/**
 * Decides a new comment's first status: `pending` on a pre-moderated article or when the text
 * holds a banned word, `visible` otherwise. Moderation changes the word list through here.
 */
@Injectable()
export class PostingPolicyService {
  constructor(private readonly prisma: PrismaService) {}

  async firstStatus(
    moderation: 'post' | 'pre',
    body: string,
    db: Db = this.prisma,
  ): Promise<'visible' | 'pending'> {
    if (moderation === 'pre') return 'pending';
    return (await this.holdsBannedWord(body, db)) ? 'pending' : 'visible';
  }

  async holdsBannedWord(body: string, db: Db = this.prisma): Promise<boolean> {
    const words = await db.bannedWord.findMany({ select: { word: true } });
    return containsBannedWord(
      body,
      words.map((row) => row.word),
    );
  }

  async getBannedWords(): Promise<string[]> {
    const rows = await this.prisma.bannedWord.findMany({
      select: { word: true },
      orderBy: { word: 'asc' },
    });
    return rows.map((row) => row.word);
  }

  /** Replaces the whole list (normalised, deduplicated); returns it as stored. */
  async setBannedWords(words: string[]): Promise<string[]> {
    const normalized = [...new Set(words.map(normalizeWord))].filter((word) => word.length > 0);
    if (
      normalized.length > MAX_BANNED_WORDS ||
      normalized.some((word) => [...word].length > MAX_WORD_LENGTH)
    ) {
      throw new DomainError('validation_failed', 'The request is invalid', [
        {
          field: 'words',
          message: `at most ${MAX_BANNED_WORDS} words of at most ${MAX_WORD_LENGTH} characters`,
        },
      ]);
    }
    await this.prisma.$transaction(async (tx) => {
      await tx.bannedWord.deleteMany({});
      await tx.bannedWord.createMany({ data: normalized.map((word) => ({ word })) });
    });
    return normalized.sort();
  }
}
