import { validationFailed } from '@parley/errors';
import type { AudienceName } from './article-record';

/** The publisher's own article id (the contract's rule; the `articles_id_shape` check too). */
export const ARTICLE_ID_MAX = 200;
export const ARTICLE_ID = new RegExp(`^[A-Za-z0-9._:/-]{1,${ARTICLE_ID_MAX}}$`);
export const ARTICLE_ID_RULE = `must be 1–${ARTICLE_ID_MAX} characters of [A-Za-z0-9._:/-]`;
export const MAX_ARTICLE_IDS = 100;
export const TITLE_MAX = 300;
export const URL_MAX = 2000;

export const SLOW_MODE_MAX_SECONDS = 3600;
export const PLANS_MAX = 20;
export const PLAN_MAX = 200;

export interface ArticleInput {
  title: string;
  url?: string | null;
  state?: 'open' | 'closed';
  moderation?: 'post' | 'pre';
  audience?: AudienceName;
  plans?: string[];
  closesAt?: Date | null;
  slowModeSeconds?: number;
}

export function isArticleId(id: string): boolean {
  return ARTICLE_ID.test(id);
}

/** `ids=a,b,c`: 1–MAX_ARTICLE_IDS well-formed article ids (duplicates collapse). */
export function parseArticleIds(raw: unknown): string[] {
  const fail = (message: string) => validationFailed({ field: 'ids', message });
  if (typeof raw !== 'string' || raw.length === 0)
    throw fail('must be a comma-separated list of article ids');
  const ids = [...new Set(raw.split(','))];
  if (ids.length > MAX_ARTICLE_IDS) throw fail(`must list at most ${MAX_ARTICLE_IDS} ids`);
  if (!ids.every(isArticleId)) throw fail(`every id ${ARTICLE_ID_RULE}`);
  return ids;
}
