import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { TransactionRunner, Tx } from '@parley/database';
import {
  ArticleVersions,
  PREMODERATED_USERS_VERSION,
  SITE_POLICY_VERSION,
} from './article-versions.service';
import { PostingPolicyStore, SitePolicy } from './posting-policy.store';
import { PremoderatedUserStore } from './premoderated-user.store';
import { VersionedValue } from './versioned-value';

export interface SitePolicyChange {
  previous: SitePolicy;
  policy: SitePolicy;
}

/**
 * The site-wide posting rules and the users under pre-moderation, which the posting rules read
 * and moderation changes (with its audit entry, `alongside`, in the change's transaction). Both
 * are read by every post, so both are cached under a version like the banned words: a post reads
 * neither from the database.
 */
@Injectable()
export class SitePolicyService {
  private readonly cached: VersionedValue<SitePolicy>;
  private readonly premoderatedUsers: VersionedValue<Set<string>>;

  constructor(
    private readonly store: PostingPolicyStore,
    private readonly premoderated: PremoderatedUserStore,
    private readonly transactions: TransactionRunner,
    versions: ArticleVersions,
    { values }: AppConfig,
  ) {
    this.cached = new VersionedValue(versions, SITE_POLICY_VERSION, values.CACHE_TTL_MS, () =>
      this.store.get(),
    );
    this.premoderatedUsers = new VersionedValue(
      versions,
      PREMODERATED_USERS_VERSION,
      values.CACHE_TTL_MS,
      async () => new Set(await this.premoderated.listIds()),
    );
  }

  async isUserPremoderated(userId: string): Promise<boolean> {
    return (await this.premoderatedUsers.get()).has(userId);
  }

  get(): Promise<SitePolicy> {
    return this.cached.get();
  }

  /** Sets the fields given; the others keep their value. */
  async update(
    change: Partial<SitePolicy>,
    alongside?: (tx: Tx, change: SitePolicyChange) => Promise<void>,
  ): Promise<SitePolicyChange> {
    const result = await this.transactions.run(async (tx) => {
      const updated = await this.store.update(change, tx);
      await alongside?.(tx, updated);
      return updated;
    });
    await this.cached.changed();
    return result;
  }

  /** Turns a user's pre-moderation on or off; `changed` false when it was so already. */
  async setUserPremoderated(
    userId: string,
    enabled: boolean,
    alongside?: (tx: Tx, changed: boolean) => Promise<void>,
  ): Promise<boolean> {
    const changed = await this.transactions.run(async (tx) => {
      const changed = await this.premoderated.set(tx, userId, enabled);
      await alongside?.(tx, changed);
      return changed;
    });
    if (changed) await this.premoderatedUsers.changed();
    return changed;
  }
}
