import { Injectable } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { Prisma, TransactionRunner, Tx } from '@parley/database';
import { DomainError, validationFailed } from '@parley/errors';
import { AppConfig } from '@parley/config';
import { ArticleChangeNotices } from './article-change-notices.service';
import { ArticleVersions } from './article-versions.service';
import { reopening, resolveArticle } from './article-rules';
import { ARTICLE_ID_RULE, ArticleInput, isArticleId, parseArticleIds } from './article-input';
import type { ArticleWithCount } from './article-record';
import { ArticleStore } from './article.store';

/** The moderation settings a PUT may change, each audited when it does. */
const AUDITED = [
  'state',
  'moderation',
  'audience',
  'plans',
  'closesAt',
  'slowModeSeconds',
] as const;
type Audited = Pick<ArticleWithCount, (typeof AUDITED)[number]>;

/** What an article is taken to have been before it existed, for the audit of its creation. */
const DEFAULTS: Audited = {
  state: 'open',
  moderation: 'post',
  audience: 'subscribers',
  plans: [],
  closesAt: null,
  slowModeSeconds: 0,
};

/**
 * Articles as the publisher's CMS declares them, with their public comment counts.
 *
 * Editors close and reopen threads, switch pre-moderation and set the comment policy (audience,
 * plans, closing time, slow mode) through PUT; those are moderation actions, so a change of any of
 * them (or an article created with other than the defaults) is audited as `article.update`, in the
 * transaction of the change. Title and URL updates from the CMS are not moderation and are not
 * logged. Articles leave here resolved (article-rules.ts): `closed` once their closing time has
 * come, with that time (ARTICLE_AUTO_CLOSE_DAYS included) as `closesAt`.
 */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly store: ArticleStore,
    private readonly transactions: TransactionRunner,
    private readonly versions: ArticleVersions,
    private readonly notices: ArticleChangeNotices,
    private readonly audit: AuditLogStore,
    private readonly config: AppConfig,
  ) {}

  /**
   * Creates or updates the article; omitted optional fields keep their current value, except that
   * an explicit `state: "open"` clears a closing time that has passed (article-rules.ts:
   * reopening). The previous row is read locked in the same transaction, so of two racing PUTs
   * the second sees the first's result and each change is audited once.
   */
  async upsert(
    actorId: string,
    id: string,
    input: ArticleInput,
  ): Promise<{ article: ArticleWithCount; created: boolean }> {
    this.checkId(id);
    const result = await this.transactions.run(async (tx) => {
      const now = new Date();
      const prepare = (previous: ArticleWithCount | null) =>
        withPlans(previous, reopening(previous, input, this.autoCloseDays, now));
      let before = await this.store.lock(tx, id);
      const created = before ? null : await this.store.create(tx, id, prepare(null));
      // Absent, yet not created: a racing PUT created it and has committed; lock that row.
      if (!before && !created) before = await this.store.lock(tx, id);
      const article = created ?? (await this.store.update(tx, id, prepare(before)));
      await this.auditChange(tx, actorId, before, article);
      return { article, created: created !== null };
    });
    if (!result.created) {
      await this.versions.bump([id]);
      await this.notices.changed([id]);
    }
    return { ...result, article: this.resolve(result.article) };
  }

  /** Read before every post, like and report (plain SQL on the shared pool, see ArticleStore). */
  async get(id: string): Promise<ArticleWithCount> {
    const article = isArticleId(id) ? await this.store.find(id) : null;
    if (!article) throw new DomainError('article_not_found', 'No such article');
    return this.resolve(article);
  }

  /**
   * get(), with `extras` (other libs' scalar subqueries, such as the reader's login and grants)
   * read in the same statement on the primary: a write's checks in one round trip. The article is
   * null where get() answers 404, so that the caller checks the login first. `id` may be a
   * subquery (the article of the comment liked).
   */
  async getWith<K extends string>(
    id: string | Prisma.Sql,
    extras: Record<K, Prisma.Sql>,
  ): Promise<{ article: ArticleWithCount | null; extras: Record<K, unknown> }> {
    // A malformed id is no article, but the extras are read all the same (see findWith).
    const known = typeof id === 'string' && !isArticleId(id) ? null : id;
    const found = await this.store.findWith(known, extras);
    return { article: found.article && this.resolve(found.article), extras: found.extras };
  }

  private resolve(article: ArticleWithCount): ArticleWithCount {
    return resolveArticle(article, this.autoCloseDays);
  }

  private get autoCloseDays(): number | undefined {
    return this.config.values.ARTICLE_AUTO_CLOSE_DAYS;
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
    const from: Audited = before ?? DEFAULTS;
    const changes: Record<string, { from: AuditedValue; to: AuditedValue }> = {};
    for (const field of AUDITED) {
      const [was, is] = [auditedValue(from[field]), auditedValue(after[field])];
      if (JSON.stringify(was) !== JSON.stringify(is))
        changes[field] = { from: before ? was : null, to: is };
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

type AuditedValue = string | number | string[] | null;

function auditedValue(value: Audited[keyof Audited]): AuditedValue {
  if (value instanceof Date) return value.toISOString();
  return Array.isArray(value) ? [...value] : value;
}

/**
 * `plans` goes with audience `plans`: that audience needs at least one (given now or kept from
 * before), and any other audience clears them.
 */
function withPlans(before: ArticleWithCount | null, input: ArticleInput): ArticleInput {
  const audience = input.audience ?? before?.audience ?? 'subscribers';
  if (audience !== 'plans') {
    if (input.plans !== undefined && input.plans.length > 0)
      throw validationFailed({ field: 'plans', message: 'only with audience "plans"' });
    return before?.plans.length ? { ...input, plans: [] } : input;
  }
  const plans = input.plans ?? before?.plans ?? [];
  if (plans.length === 0)
    throw validationFailed({
      field: 'plans',
      message: 'must list at least one plan with audience "plans"',
    });
  return { ...input, plans: [...new Set(plans)] };
}
