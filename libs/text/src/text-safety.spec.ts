import {
  codePointLength,
  findUnstorableText,
  hasInvisibleCharacter,
  isBlankText,
  isStorableText,
  lacksVisibleBase,
  NUL_MESSAGE,
  removeInvisible,
  SURROGATE_MESSAGE,
  trimText,
  unstorableReason,
} from './text-safety';

describe('text safety', () => {
  describe(unstorableReason.name, () => {
    it.each(['', 'plain', 'é😀 emoji', '\u200B zero width', '\uD83D\uDE00'])(
      'stores %j',
      (text) => {
        expect(unstorableReason(text)).toBeNull();
        expect(isStorableText(text)).toBe(true);
      },
    );

    it.each(['\u0000', 'a\u0000b', `${'x'.repeat(50_000)}\u0000`])('refuses NUL in %#', (text) => {
      expect(unstorableReason(text)).toBe(NUL_MESSAGE);
    });

    it.each(['\uD800', 'a\uDBFFb', '\uDC00', 'x\uDE00\uD83D', '\uD83D\uDE00\uDE00'])(
      'refuses the unpaired surrogate in %j',
      (text) => {
        expect(unstorableReason(text)).toBe(SURROGATE_MESSAGE);
      },
    );
  });

  describe(findUnstorableText.name, () => {
    it('names every bad string by its path, keys included', () => {
      expect(
        findUnstorableText({
          email: 'a\u0000@b.co',
          ok: 'fine',
          words: ['x', '\uD800'],
          nested: { deep: ['\u0000'] },
          'k\u0000': 1,
        }),
      ).toEqual([
        { field: 'email', message: NUL_MESSAGE },
        { field: 'words[1]', message: SURROGATE_MESSAGE },
        { field: 'nested.deep[0]', message: NUL_MESSAGE },
        { field: 'value', message: `a key ${NUL_MESSAGE}` },
      ]);
    });

    it('finds nothing in clean input, and reads a bare string as the value', () => {
      expect(findUnstorableText({ a: ['b', { c: 1, d: null, e: true }] })).toEqual([]);
      expect(findUnstorableText('\u0000', 'articleId')).toEqual([
        { field: 'articleId', message: NUL_MESSAGE },
      ]);
    });

    it('stops at the limit, and survives deep nesting without recursion', () => {
      const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, '\u0000']));
      expect(findUnstorableText(many)).toHaveLength(20);
      let deep: unknown = '\u0000';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      expect(findUnstorableText(deep, 'x')).toHaveLength(1);
    });
  });

  describe(isBlankText.name, () => {
    it.each([
      '',
      ' \n\t\r',
      '\u3164',
      '\u115F\u1160',
      '\u2800\u2800',
      '\uFFA0',
      '\u200B\u200C\u200D\u2060\uFEFF',
      '\u202E\u2066\u00AD',
      '\u00A0\u3000\u2028\u2029',
      '\u0007\u001B',
      '\uFE0F',
      '\u034F\u17B4\u180E',
      '\u{E0020}\u{E007F}',
    ])('finds %j blank', (text) => {
      expect(isBlankText(text)).toBe(true);
    });

    it.each(['a', ' . ', '\u3164x', '😀', '\u2801', 'ㅤa'])('finds %j visible', (text) => {
      expect(isBlankText(text)).toBe(false);
    });
  });

  describe(trimText.name, () => {
    it.each([
      ['  a  ', 'a'],
      [`a${' '.repeat(95_000)}`, 'a'],
      ['\u3164\u200Bhello\u2800\uFEFF\n', 'hello'],
      ['\u0007a b\u0000', 'a b'],
      ['a\u3164b', 'a\u3164b'],
      ['I love it ❤️', 'I love it ❤️'],
      ['👩‍💻', '👩‍💻'],
      ['\u3164', ''],
      ['', ''],
    ])('trims %j to %j', (text, trimmed) => {
      expect(trimText(text)).toBe(trimmed);
    });

    it('keeps a flag tag sequence whole at the end', () => {
      const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
      expect(trimText(`go ${england} `)).toBe(`go ${england}`);
    });

    it('is linear: a long run of inner spaces costs no backtracking', () => {
      const text = `a${' '.repeat(200_000)}b`;
      const started = process.hrtime.bigint();
      expect(trimText(text)).toBe(text);
      // Generous: a quadratic scan of 200,000 spaces takes minutes, the linear one microseconds.
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    });
  });

  describe(hasInvisibleCharacter.name, () => {
    it.each(['Ada\u200B', 'A\u3164da', '\u202EAda', 'Ada\u0007', 'Ada\u2028x', 'Ad\u2800a'])(
      'finds one in %j',
      (name) => {
        expect(hasInvisibleCharacter(name)).toBe(true);
      },
    );

    it.each(['Ada Lovelace', 'Zoë', '李小龍', 'Ada ❤️', 'O’Brien'])('finds none in %j', (name) => {
      expect(hasInvisibleCharacter(name)).toBe(false);
    });
  });

  describe(lacksVisibleBase.name, () => {
    it.each([
      '\u0301\u0301\u0301',
      '\u0301ab',
      'ab \u0301\u0301',
      '\u20DD\u20DD',
      '\u3164\u3164',
      '\u2800\u2800',
      '  ',
    ])('finds no base for the marks of %j', (name) => {
      expect(lacksVisibleBase(name)).toBe(true);
    });

    it.each([
      'Ada Lovelace',
      'Jose\u0301',
      'Zoë',
      '李小龍',
      'ক্ষমা',
      'กิน',
      '😀😀',
      '..',
      '42',
      'Z\u0301\u0301\u0301\u0301',
    ])('finds a visible base in %j', (name) => {
      expect(lacksVisibleBase(name)).toBe(false);
    });
  });

  it('counts code points', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀é')).toBe(2);
    expect(codePointLength('\uD800x')).toBe(2);
  });

  describe(removeInvisible.name, () => {
    it.each([
      ['idi\u200Bot', 'idiot'], // zero-width space
      ['idi\u00ADot', 'idiot'], // soft hyphen
      ['i\u2060d\u200Ci\u200Do\uFEFFt', 'idiot'], // word joiner, ZWNJ, ZWJ, BOM
      ['\u202Eidiot\u202C', 'idiot'], // bidi controls
      ['i\u034Fd\uFE0Fi\u{E0069}ot', 'idiot'], // CGJ, a variation selector, a tag
      ['i\u115Fd\u1160i\u3164o\uFFA0t', 'idiot'], // Hangul fillers
      ['i\u17B4d\u180Eiot', 'idiot'], // Khmer and Mongolian fillers
      ['a\u2800b', 'a\u2800b'], // the blank Braille pattern shows as a blank
      ['a b\u00A0c', 'a b\u00A0c'], // spaces stay
      ['plain', 'plain'],
    ])('%j → %j', (text, expected) => {
      expect(removeInvisible(text)).toBe(expected);
    });
  });
});
