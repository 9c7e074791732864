import { holdReason, HoldChecks, slowModeWaitMs, verdictOf } from './comment-rules';

describe(holdReason.name, () => {
  const none: HoldChecks = {
    userPremoderated: false,
    article: null,
    bannedWord: false,
    link: false,
    newCommenter: false,
    scoreHeld: false,
  };

  it.each([
    [{}, null],
    [{ scoreHeld: true }, 'score'],
    [{ newCommenter: true, scoreHeld: true }, 'new_commenter'],
    [{ link: true, newCommenter: true }, 'link'],
    [{ bannedWord: true, link: true }, 'banned_word'],
    [{ article: 'surge', bannedWord: true }, 'surge'],
    [{ article: 'article_premoderated' }, 'article_premoderated'],
    [{ userPremoderated: true, article: 'surge' }, 'user_premoderated'],
  ] as const)('%j → %s', (checks, expected) => {
    expect(holdReason({ ...none, ...checks })).toBe(expected);
  });

  it('makes a held comment pending and keeps its score', () => {
    expect(verdictOf('link', 0.2)).toEqual({ status: 'pending', holdReason: 'link', score: 0.2 });
    expect(verdictOf(null, null)).toEqual({ status: 'visible', holdReason: null, score: null });
  });
});

describe(slowModeWaitMs.name, () => {
  const now = new Date('2026-01-01T00:01:00Z');
  it.each([
    [null, 60, 0],
    [new Date('2026-01-01T00:00:30Z'), 0, 0],
    [new Date('2026-01-01T00:00:30Z'), 60, 30_000],
    [new Date('2026-01-01T00:00:00Z'), 60, 0],
    [new Date('2026-01-01T00:00:59.5Z'), 3600, 3_599_500],
  ])('last %s, %i s → %i ms', (last, seconds, expected) => {
    expect(slowModeWaitMs(last, now, seconds)).toBe(expected);
  });
});
