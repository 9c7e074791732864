import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { TransactionRunner, Tx } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { ArticleVersions } from './article-versions.service';
import { ARTICLE_ID_RULE, ArticleInput, isArticleId, parseArticleIds } from './article-input';
import type { ArticleWithCount } from './article-record';
import { ArticleStore } from './article.store';

/** What an article is taken to have been before it existed, for the audit of its creation. */
const DEFAULTS = { state: 'open', moderation: 'post' } as const;

/**
 * Articles as the publisher's CMS declares them, with their public comment counts.
 *
 * Editors close and reopen threads and switch pre-moderation through PUT; those are moderation
 * actions, so a change of `state` or `moderation` (or an article created closed or
 * pre-moderated) is audited as `article.update`, in the transaction of the change. Title and URL
 * updates from the CMS are not moderation and are not logged.
 */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly store: ArticleStore,
    private readonly transactions: TransactionRunner,
    private readonly versions: ArticleVersions,
    private readonly audit: AuditLogStore,
  ) {}

  /**
   * Creates or updates the article; omitted optional fields keep their current value. The
   * previous row is read locked in the same transaction, so of two racing PUTs the second sees
   * the first's result and each change is audited once.
   */
  async upsert(
    actorId: string,
    id: string,
    input: ArticleInput,
  ): Promise<{ article: ArticleWithCount; created: boolean }> {
    this.checkId(id);
    const result = await this.transactions.run(async (tx) => {
      let before = await this.store.lock(tx, id);
      const created = before ? null : await this.store.create(tx, id, input);
      // Absent, yet not created: a racing PUT created it and has committed; lock that row.
      if (!before && !created) before = await this.store.lock(tx, id);
      const article = created ?? (await this.store.update(tx, id, input));
      await this.auditChange(tx, actorId, before, article);
      return { article, created: created !== null };
    });
    if (!result.created) await this.versions.bump([id]);
    return result;
  }

  /** Read before every post, like and report (plain SQL on the shared pool, see ArticleStore). */
  async get(id: string): Promise<ArticleWithCount> {
    const article = isArticleId(id) ? await this.store.find(id) : null;
    if (!article) throw new DomainError('article_not_found', 'No such article');
    return article;
  }

  /** Comment counts of the known ones among `a,b,c`, in the order asked (one indexed query). */
  async counts(rawIds: unknown): Promise<{ id: string; commentCount: number }[]> {
    const ids = parseArticleIds(rawIds);
    const byId = new Map((await this.store.counts(ids)).map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async auditChange(
    tx: Tx,
    actorId: string,
    before: ArticleWithCount | null,
    after: ArticleWithCount,
  ): Promise<void> {
    const from = before ?? DEFAULTS;
    const changes: Record<string, { from: string | null; to: string }> = {};
    for (const field of ['state', 'moderation'] as const) {
      if (from[field] !== after[field])
        changes[field] = { from: before ? before[field] : null, to: after[field] };
    }
    if (Object.keys(changes).length === 0) return;
    await this.audit.record(
      {
        actorId,
        action: 'article.update',
        target: { type: 'article', id: after.id },
        metadata: { created: before === null, ...changes },
      },
      tx,
    );
  }

  private checkId(id: string): void {
    if (!isArticleId(id)) {
      throw validationFailed({ field: 'articleId', message: ARTICLE_ID_RULE });
    }
  }
}
