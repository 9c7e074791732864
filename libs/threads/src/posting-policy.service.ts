import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner, Tx } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { ArticleVersions, BANNED_WORDS_VERSION } from './article-versions.service';
import { BannedWordStore } from './banned-word.store';
import {
  BannedWordEntry,
  bannedWordMatcher,
  BannedWordVerdict,
  isUsableWord,
  normalizeWord,
} from './banned-words';
import { VersionedValue } from './versioned-value';

export const MAX_BANNED_WORDS = 1000;
export const MAX_WORD_LENGTH = 100;

/** A replacement of the list: the list before it and as stored (normalised, sorted). */
export interface BannedWordsChange {
  previous: BannedWordEntry[];
  words: BannedWordEntry[];
}

/**
 * The banned-word list that new and edited comments meet: an entry holds the comment (`pending`,
 * reason `banned_word`) or refuses it (400 `banned_word`, the word not named). Moderation
 * changes the list through here.
 *
 * The list changes rarely and is read by every post and edit, so it is kept in process, compiled,
 * under a version (VersionedValue; CACHE_TTL_MS=0 reads it from the database every time).
 */
@Injectable()
export class PostingPolicyService {
  private readonly matcher: VersionedValue<(text: string) => BannedWordVerdict>;

  constructor(
    private readonly store: BannedWordStore,
    private readonly transactions: TransactionRunner,
    versions: ArticleVersions,
    { values }: AppConfig,
  ) {
    this.matcher = new VersionedValue(
      versions,
      BANNED_WORDS_VERSION,
      values.CACHE_TTL_MS,
      async () => bannedWordMatcher(await this.store.list()),
    );
  }

  /** Throws 400 banned_word for a refused text; true when a hold entry matches it. */
  async holdsBannedWord(body: string): Promise<boolean> {
    const verdict = (await this.matcher.get())(body);
    if (verdict === 'refuse')
      throw new DomainError('banned_word', 'This comment contains language that is not allowed');
    return verdict === 'hold';
  }

  getBannedWords(): Promise<BannedWordEntry[]> {
    return this.store.list();
  }

  /**
   * Replaces the whole list (normalised, deduplicated by word: a later entry wins). `alongside`
   * runs in the replacement's transaction with what it changed (moderation's audit entry).
   */
  async setBannedWords(
    entries: readonly (string | BannedWordEntry)[],
    alongside?: (tx: Tx, change: BannedWordsChange) => Promise<void>,
  ): Promise<BannedWordsChange> {
    const byWord = new Map<string, BannedWordEntry>();
    for (const entry of entries) {
      const { word, action } =
        typeof entry === 'string' ? { word: entry, action: 'hold' as const } : entry;
      const normalized = normalizeWord(word);
      if (normalized.length > 0) byWord.set(normalized, { word: normalized, action });
    }
    const stored = [...byWord.values()].sort((a, b) =>
      a.word < b.word ? -1 : a.word > b.word ? 1 : 0,
    );
    if (
      stored.length > MAX_BANNED_WORDS ||
      stored.some(({ word }) => [...word].length > MAX_WORD_LENGTH || !isUsableWord(word))
    ) {
      throw validationFailed({
        field: 'words',
        message: `at most ${MAX_BANNED_WORDS} words of at most ${MAX_WORD_LENGTH} characters, not only wildcards or invisible characters`,
      });
    }
    const change = await this.transactions.run(async (tx) => {
      const { previous } = await this.store.replace(stored, tx);
      const replaced = { previous, words: stored };
      await alongside?.(tx, replaced);
      return replaced;
    });
    await this.matcher.changed();
    return change;
  }
}
