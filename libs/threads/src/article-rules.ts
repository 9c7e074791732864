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

/** Why an article holds every new comment now, if it does. */
export function articleHoldReason(
  article: Pick<ArticleWithCount, 'moderation' | 'premoderatedUntil'>,
  now = new Date(),
): 'article_premoderated' | 'surge' | null {
  if (article.moderation === 'pre') return 'article_premoderated';
  if (article.premoderatedUntil && article.premoderatedUntil > now) return 'surge';
  return null;
}
