import type { ArticleWithCount } from './article-record';
import { articleHoldReason, closingTime, resolveArticle } from './article-rules';

describe('article rules', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const article = (over: Partial<ArticleWithCount> = {}): ArticleWithCount => ({
    id: 'a',
    title: 'A',
    url: null,
    state: 'open',
    moderation: 'post',
    commentCount: 0,
    createdAt: created,
    updatedAt: created,
    audience: 'subscribers',
    plans: [],
    closesAt: null,
    slowModeSeconds: 0,
    premoderatedUntil: null,
    ...over,
  });
  const at = (iso: string) => new Date(iso);

  it.each([
    [{}, undefined, null],
    [{}, 3, '2026-01-04T00:00:00.000Z'],
    [{ closesAt: at('2026-02-01T00:00:00Z') }, 3, '2026-02-01T00:00:00.000Z'],
    [{ closesAt: at('2026-01-02T00:00:00Z') }, undefined, '2026-01-02T00:00:00.000Z'],
  ] as const)('closingTime(%j, %s) = %s', (over, days, expected) => {
    expect(closingTime(article(over), days)?.toISOString() ?? null).toBe(expected);
  });

  it.each([
    [{}, undefined, '2030-01-01T00:00:00Z', 'open'],
    [{ state: 'closed' as const }, undefined, '2026-01-01T00:00:01Z', 'closed'],
    [{}, 3, '2026-01-03T23:59:59Z', 'open'],
    [{}, 3, '2026-01-04T00:00:00Z', 'closed'],
    [{ closesAt: at('2026-01-10T00:00:00Z') }, 3, '2026-01-05T00:00:00Z', 'open'],
    [{ closesAt: at('2026-01-10T00:00:00Z') }, undefined, '2026-01-10T00:00:00Z', 'closed'],
  ])('resolveArticle(%j, %s) at %s is %s', (over, days, now, state) => {
    expect(resolveArticle(article(over), days, at(now)).state).toBe(state);
  });

  it.each([
    [{}, null],
    [{ moderation: 'pre' as const }, 'article_premoderated'],
    [{ premoderatedUntil: at('2026-01-01T00:30:00Z') }, 'surge'],
    [{ premoderatedUntil: at('2026-01-01T00:10:00Z') }, null],
    [
      { moderation: 'pre' as const, premoderatedUntil: at('2026-01-01T00:30:00Z') },
      'article_premoderated',
    ],
  ])('articleHoldReason(%j) at 00:10 = %s', (over, expected) => {
    expect(articleHoldReason(article(over), at('2026-01-01T00:10:00Z'))).toBe(expected);
  });
});
