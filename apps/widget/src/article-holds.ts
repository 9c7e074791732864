import type { ArticleSummary } from './api-client';

/**
 * Whether a new comment on the article waits for a moderator now: the editors' pre-moderation
 * (`moderation: "pre"`), or surge protection until `premoderatedUntil` (the service sends it only
 * while it lasts; a copy served from a cache may hold one already over, hence the comparison).
 * `moderation` stays the editors' setting during a surge, so it alone does not say.
 */
export function holdsNewComments(article: ArticleSummary | null, now = Date.now()): boolean {
  if (!article) return false;
  if (article.moderation === 'pre') return true;
  const until = article.premoderatedUntil ? Date.parse(article.premoderatedUntil) : NaN;
  return until > now;
}
