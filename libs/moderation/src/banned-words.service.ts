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

  async replace(actorId: string, words: string[]): Promise<BannedWordsResult> {
    const before = new Set(await this.policy.getBannedWords());
    const stored = await this.policy.setBannedWords(words);
    const after = new Set(stored);
    const added = stored.filter((word) => !before.has(word));
    const removed = [...before].filter((word) => !after.has(word)).sort();
    const changed = added.length > 0 || removed.length > 0;
    if (changed) {
      await this.audit.record({
        actorId,
        action: 'banned_words.replace',
        target: { type: 'banned_words', id: 'global' },
        metadata: { count: stored.length, added, removed },
      });
    }
    return { words: stored, changed };
  }
}
