import { bannedWordMatcher, containsBannedWord, foldForMatch, normalizeWord } from './banned-words';

describe(containsBannedWord.name, () => {
  const words = ['Darn', 'heck off', 'c++'];

  it.each([
    'darn it',
    'DARN',
    'well, darn!',
    'ＤＡＲＮ',
    'oh heck off now',
    'i like c++',
    '(darn)',
  ])('matches %j', (text) => {
    expect(containsBannedWord(text, words)).toBe(true);
  });

  it.each(['darnation', 'undarn', 'darn_it', 'heck offer', 'darn2', 'nothing here'])(
    'does not match %j',
    (text) => {
      expect(containsBannedWord(text, words)).toBe(false);
    },
  );

  it('matches nothing with an empty list', () => {
    expect(containsBannedWord('anything', [])).toBe(false);
    expect(containsBannedWord('anything', ['  '])).toBe(false);
    expect(containsBannedWord('anything', ['**'])).toBe(false);
  });

  it('normalises words for storage', () => {
    expect(normalizeWord(' ＤａＲｎ ')).toBe('darn');
  });
});

describe('banned words: substitutions, wildcards and actions', () => {
  const match = bannedWordMatcher([
    { word: 'darn', action: 'hold' },
    { word: 'idiot*', action: 'refuse' },
    { word: '*hole', action: 'hold' },
    { word: 'f*k', action: 'hold' },
  ]);

  it.each([
    ['darn', 'hold'],
    ['D4RN', 'hold'],
    ['d@rn', 'hold'],
    ['dárn', 'hold'],
    ['dаrn', 'hold'], // Cyrillic а
    ['ԁarn', null], // a Cyrillic komi letter not folded: left alone
    ['ｄａｒｎ', 'hold'],
    ['dar n', null],
    ['idiot', 'refuse'],
    ['IDIOTS', 'refuse'],
    ['1d10t', 'refuse'],
    ['іdіоt', 'refuse'], // Cyrillic і and о
    ['you idiotic darn', 'refuse'],
    ['an idiom', null],
    ['pothole', 'hold'],
    ['hole', 'hold'],
    ['holes', null],
    ['fk', 'hold'],
    ['freak', 'hold'],
    ['f k', null],
    ['nothing', null],
  ])('%j → %s', (text, verdict) => {
    expect(match(text)).toBe(verdict);
  });

  it('reads plain strings as hold entries', () => {
    expect(bannedWordMatcher(['darn'])('darn')).toBe('hold');
  });

  it('folds case, width, accents and look-alikes', () => {
    expect(foldForMatch('Ｈ3llо Wörld $@!')).toBe('hello world sa!');
  });
});
