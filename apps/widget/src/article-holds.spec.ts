import { holdsNewComments } from './article-holds';

describe('holdsNewComments', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const article = (fields: object) => ({ commentCount: 3, moderation: 'post' as const, ...fields });

  it('holds under the editors pre-moderation', () => {
    expect(holdsNewComments(article({ moderation: 'pre', premoderatedUntil: null }), now)).toBe(
      true,
    );
  });

  it('holds during a surge although moderation says post, and no longer once it has ended', () => {
    const surge = article({ premoderatedUntil: '2026-12-02T12:20:00.000Z' });
    expect(holdsNewComments(surge, now)).toBe(true);
    expect(holdsNewComments(surge, Date.parse('2026-12-02T12:20:00.001Z'))).toBe(false);
  });

  it('does not hold otherwise, nor for an article not created yet or an older service', () => {
    expect(holdsNewComments(article({ premoderatedUntil: null }), now)).toBe(false);
    expect(holdsNewComments(article({}), now)).toBe(false);
    expect(holdsNewComments(null, now)).toBe(false);
    expect(holdsNewComments(article({ premoderatedUntil: 'not a date' }), now)).toBe(false);
  });
});
