import { DomainError, validationFailed } from '@parley/errors';
import type { ArticleInput } from './article-input';
import type { ArticleWithCount } from './article-record';

const DAY_MS = 24 * 3600 * 1000;

/** How long surge protection keeps an article pre-moderated. */
export const SURGE_PREMODERATION_MS = 30 * 60 * 1000;

/**
 * When an article closes: its own `closesAt`, else `autoCloseDays` after its creation (with
 * ARTICLE_AUTO_CLOSE_DAYS), else never.
 */
export function closingTime(
  article: Pick<ArticleWithCount, 'closesAt' | 'createdAt'>,
  autoCloseDays: number | undefined,
): Date | null {
  if (article.closesAt) return article.closesAt;
  if (autoCloseDays === undefined) return null;
  return new Date(article.createdAt.getTime() + autoCloseDays * DAY_MS);
}

/**
 * The article as readers and the posting gate see it at `now`: `closed` once its closing time has
 * come (compared here, at read time, so no job has to run on time), with that time shown.
 */
export function resolveArticle(
  article: ArticleWithCount,
  autoCloseDays: number | undefined,
  now = new Date(),
): ArticleWithCount {
  const closesAt = closingTime(article, autoCloseDays);
  const closed = article.state === 'closed' || (closesAt !== null && now >= closesAt);
  return { ...article, closesAt, state: closed ? 'closed' : 'open' };
}

/**
 * What a PUT stores for an explicit `state: "open"`: an article readers see open, or a refusal,
 * never a 200 that leaves it closed. A closing time has passed (its `closesAt`, or
 * ARTICLE_AUTO_CLOSE_DAYS after its creation):
 * - given in the same body: the body contradicts itself (400 validation_failed);
 * - stored, and the body leaves `closesAt` out: it is cleared (`closesAt: null`), which reopens
 *   the article unless the auto-close has passed as well;
 * - the auto-close (a null `closesAt` does not override it): only a future `closesAt` reopens the
 *   article, and the editor is told so (409 conflict).
 * Without `state: "open"` the input is stored as given.
 */
export function reopening(
  before: Pick<ArticleWithCount, 'closesAt' | 'createdAt'> | null,
  input: ArticleInput,
  autoCloseDays: number | undefined,
  now = new Date(),
): ArticleInput {
  if (input.state !== 'open') return input;
  if (input.closesAt && input.closesAt <= now)
    throw validationFailed(
      { field: 'closesAt', message: 'must be in the future with state "open"' },
      'An article cannot be opened with a closing time that has passed',
    );
  if (input.closesAt) return input;
  const createdAt = before?.createdAt ?? now;
  const kept = input.closesAt === undefined ? (before?.closesAt ?? null) : null;
  const closes = closingTime({ createdAt, closesAt: kept }, autoCloseDays);
  if (closes === null || now < closes) return input;
  const autoCloses = closingTime({ createdAt, closesAt: null }, autoCloseDays);
  if (autoCloses !== null && now >= autoCloses)
    throw new DomainError(
      'conflict',
      `Comments closed automatically at ${autoCloses.toISOString()} (ARTICLE_AUTO_CLOSE_DAYS); send state "open" with a future closesAt to reopen them`,
    );
  return { ...input, closesAt: null };
}

/** Why an article holds every new comment now, if it does. */
export function articleHoldReason(
  article: Pick<ArticleWithCount, 'moderation' | 'premoderatedUntil'>,
  now = new Date(),
): 'article_premoderated' | 'surge' | null {
  if (article.moderation === 'pre') return 'article_premoderated';
  if (article.premoderatedUntil && article.premoderatedUntil > now) return 'surge';
  return null;
}
