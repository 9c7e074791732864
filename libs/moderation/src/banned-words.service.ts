import { Injectable } from '@nestjs/common';
import { BannedWordEntry, PostingPolicyService } from '@parley/threads';
import { AuditLogStore } from '@parley/audit';

export interface BannedWordsResult {
  entries: BannedWordEntry[];
  changed: boolean;
}

const key = (entry: BannedWordEntry) => `${entry.action}:${entry.word}`;

/**
 * The banned-word list that threads applies to new and edited comments. A replacement is audited
 * with the words it added (or whose action changed), those it removed, and which of the added
 * refuse (`refuse`, present when any do; the words are policy, not personal data); a replacement by the same list changes nothing and writes no entry.
 */
@Injectable()
export class BannedWordsService {
  constructor(
    private readonly policy: PostingPolicyService,
    private readonly audit: AuditLogStore,
  ) {}

  list(): Promise<BannedWordEntry[]> {
    return this.policy.getBannedWords();
  }

  /** The entry is written in the replacement's transaction, which also reads the list it replaces. */
  async replace(
    actorId: string,
    entries: readonly (string | BannedWordEntry)[],
  ): Promise<BannedWordsResult> {
    let changed = false;
    const stored = await this.policy.setBannedWords(entries, async (tx, change) => {
      const before = new Set(change.previous.map(key));
      const added = change.words.filter((entry) => !before.has(key(entry)));
      const kept = new Set(change.words.map((entry) => entry.word));
      const removed = change.previous.filter((entry) => !kept.has(entry.word));
      changed = added.length > 0 || removed.length > 0;
      const refuse = added.filter((entry) => entry.action === 'refuse').map((e) => e.word);
      if (!changed) return;
      await this.audit.record(
        {
          actorId,
          action: 'banned_words.replace',
          target: { type: 'banned_words', id: 'global' },
          metadata: {
            count: change.words.length,
            added: added.map((entry) => entry.word),
            removed: removed.map((entry) => entry.word),
            ...(refuse.length > 0 ? { refuse } : {}),
          },
        },
        tx,
      );
    });
    return { entries: stored.words, changed };
  }
}
