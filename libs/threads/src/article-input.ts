import { validationFailed } from '@parley/errors';

export const ARTICLE_ID = /^[A-Za-z0-9._:/-]{1,200}$/;
export const MAX_ARTICLE_IDS = 100;

export interface ArticleInput {
  title: string;
  url?: string | null;
  state?: 'open' | 'closed';
  moderation?: 'post' | 'pre';
}

export function isArticleId(id: string): boolean {
  return ARTICLE_ID.test(id);
}

/** `ids=a,b,c`: 1–100 well-formed article ids (duplicates collapse). */
export function parseArticleIds(raw: unknown): string[] {
  const fail = (message: string) => validationFailed({ field: 'ids', message });
  if (typeof raw !== 'string' || raw.length === 0)
    throw fail('must be a comma-separated list of article ids');
  const ids = [...new Set(raw.split(','))];
  if (ids.length > MAX_ARTICLE_IDS) throw fail(`must list at most ${MAX_ARTICLE_IDS} ids`);
  if (!ids.every(isArticleId)) throw fail('every id must be 1–200 characters of [A-Za-z0-9._:/-]');
  return ids;
}
