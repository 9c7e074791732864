import { Injectable } from '@nestjs/common';
import { PostingPolicyService } from '@parley/threads';
import { AuditLogStore } from '@parley/audit';

export interface BannedWordsResult {
  words: string[];
  changed: boolean;
}

/**
 * The banned-word list that threads applies to new and edited comments. A replacement is audited
 * with what it added and removed (the words are policy, not personal data); a replacement by the
 * same list changes nothing and writes no entry.
 */
@Injectable()
export class BannedWordsService {
  constructor(
    private readonly policy: PostingPolicyService,
    private readonly audit: AuditLogStore,
  ) {}

  list(): Promise<string[]> {
    return this.policy.getBannedWords();
  }

  /** The entry is written in the replacement's transaction, which also reads the list it replaces. */
  async replace(actorId: string, words: string[]): Promise<BannedWordsResult> {
    let changed = false;
    const stored = await this.policy.setBannedWords(words, async (tx, change) => {
      const before = new Set(change.previous);
      const after = new Set(change.words);
      const added = change.words.filter((word) => !before.has(word));
      const removed = change.previous.filter((word) => !after.has(word)).sort();
      changed = added.length > 0 || removed.length > 0;
      if (!changed) return;
      await this.audit.record(
        {
          actorId,
          action: 'banned_words.replace',
          target: { type: 'banned_words', id: 'global' },
          metadata: { count: change.words.length, added, removed },
        },
        tx,
      );
    });
    return { words: stored.words, changed };
  }
}
