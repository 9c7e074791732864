import { containsBannedWord, normalizeWord } from './banned-words';

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
  });

  it('normalises words for storage', () => {
    expect(normalizeWord(' ＤａＲｎ ')).toBe('darn');
  });
});
