import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner, Tx } from '@parley/database';
import { validationFailed } from '@parley/errors';
import { ArticleVersions, BANNED_WORDS_VERSION } from './article-versions.service';
import { BannedWordStore } from './banned-word.store';
import { bannedWordMatcher, normalizeWord } from './banned-words';

export const MAX_BANNED_WORDS = 1000;
export const MAX_WORD_LENGTH = 100;

/** A replacement of the list: the list before it and as stored (normalised, sorted). */
export interface BannedWordsChange {
  previous: string[];
  words: string[];
}

interface CachedMatcher {
  version: string;
  expiresAt: number;
  matches: Promise<(text: string) => boolean>;
}

/**
 * Decides a new comment's first status: `pending` on a pre-moderated article or when the text
 * holds a banned word, `visible` otherwise. Moderation changes the word list through here.
 *
 * The list changes rarely and is read by every post and edit, so it is kept in process, compiled,
 * under a version that a replacement bumps once committed (in Redis with REDIS_URL, so every
 * instance sees it at once); CACHE_TTL_MS bounds how long a lost bump can leave it stale, and
 * CACHE_TTL_MS=0 reads it from the database every time.
 */
@Injectable()
export class PostingPolicyService {
  private readonly ttlMs: number;
  private cached: CachedMatcher | null = null;

  constructor(
    private readonly store: BannedWordStore,
    private readonly transactions: TransactionRunner,
    private readonly versions: ArticleVersions,
    { values }: AppConfig,
  ) {
    this.ttlMs = values.CACHE_TTL_MS;
  }

  async firstStatus(moderation: 'post' | 'pre', body: string): Promise<'visible' | 'pending'> {
    if (moderation === 'pre') return 'pending';
    return (await this.holdsBannedWord(body)) ? 'pending' : 'visible';
  }

  async holdsBannedWord(body: string): Promise<boolean> {
    return (await this.matcher())(body);
  }

  private async matcher(): Promise<(text: string) => boolean> {
    const load = async () => bannedWordMatcher(await this.getBannedWords());
    if (this.ttlMs === 0) return load();
    const version = await this.versions.current(BANNED_WORDS_VERSION);
    if (version === null) return load();
    const now = Date.now();
    const cached = this.cached;
    if (cached && cached.version === version && cached.expiresAt > now) return cached.matches;
    const fresh: CachedMatcher = { version, expiresAt: now + this.ttlMs, matches: load() };
    this.cached = fresh;
    fresh.matches.catch(() => {
      if (this.cached === fresh) this.cached = null;
    });
    return fresh.matches;
  }

  getBannedWords(): Promise<string[]> {
    return this.store.list();
  }

  /**
   * Replaces the whole list (normalised, deduplicated). `alongside` runs in the replacement's
   * transaction with what it changed (moderation's audit entry).
   */
  async setBannedWords(
    words: string[],
    alongside?: (tx: Tx, change: BannedWordsChange) => Promise<void>,
  ): Promise<BannedWordsChange> {
    const normalized = [...new Set(words.map(normalizeWord))].filter((word) => word.length > 0);
    if (
      normalized.length > MAX_BANNED_WORDS ||
      normalized.some((word) => [...word].length > MAX_WORD_LENGTH)
    ) {
      throw validationFailed({
        field: 'words',
        message: `at most ${MAX_BANNED_WORDS} words of at most ${MAX_WORD_LENGTH} characters`,
      });
    }
    const stored = normalized.sort();
    const change = await this.transactions.run(async (tx) => {
      const { previous } = await this.store.replace(stored, tx);
      const replaced = { previous, words: stored };
      await alongside?.(tx, replaced);
      return replaced;
    });
    this.cached = null;
    await this.versions.bump([BANNED_WORDS_VERSION]);
    return change;
  }
}
