import type { ArticleWithCount } from './article-record';
import { articleHoldReason, closingTime, reopening, resolveArticle } from './article-rules';

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

  describe('reopening (PUT with state "open")', () => {
    // Created 2026-01-01; "now" is 2026-01-10.
    const now = at('2026-01-10T00:00:00Z');
    const past = at('2026-01-05T00:00:00Z');
    const future = at('2026-02-01T00:00:00Z');
    const put = (over: object) => ({ title: 'A', ...over });

    it.each([
      ['no state', {}, { closesAt: past }, undefined],
      ['state closed', { state: 'closed' }, { closesAt: past }, undefined],
      ['a future closesAt', { state: 'open', closesAt: future }, { closesAt: past }, 30],
      ['nothing has passed', { state: 'open' }, { closesAt: future }, undefined],
      ['no closing time', { state: 'open' }, {}, undefined],
      ['an explicit null, auto-close ahead', { state: 'open', closesAt: null }, {}, 30],
    ] as const)('stores the input as given: %s', (_, input, stored, days) => {
      const given = put(input);
      expect(reopening(article(stored), given, days, now)).toEqual(given);
    });

    it.each([
      ['its closesAt passed', { closesAt: past }, undefined],
      ['its closesAt passed, auto-close ahead', { closesAt: past }, 30],
    ] as const)('clears a passed closing time when %s', (_, stored, days) => {
      expect(reopening(article(stored), put({ state: 'open' }), days, now)).toEqual(
        put({ state: 'open', closesAt: null }),
      );
    });

    it('refuses a closesAt in the body that has passed (400), also on creation', () => {
      for (const before of [article(), null])
        expect(() =>
          reopening(before, put({ state: 'open', closesAt: past }), undefined, now),
        ).toThrow(expect.objectContaining({ code: 'validation_failed' }));
      expect(() => reopening(null, put({ state: 'open', closesAt: now }), undefined, now)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    });

    it.each([
      ['auto-closed', {}, { state: 'open' }],
      ['auto-closed, its closesAt passed too', { closesAt: past }, { state: 'open' }],
      ['auto-closed, with an explicit null', {}, { state: 'open', closesAt: null }],
    ] as const)('refuses with 409 conflict when %s', (_, stored, input) => {
      expect(() => reopening(article(stored), put(input), 3, now)).toThrow(
        expect.objectContaining({
          code: 'conflict',
          message: expect.stringContaining('future closesAt'),
        }),
      );
    });
  });
});
