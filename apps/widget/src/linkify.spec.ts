import { linkify } from './linkify';

describe('linkify', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1, and http://x.test.')).toEqual([
      { text: 'see ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', and ' },
      { text: 'http://x.test', href: 'http://x.test/' },
      { text: '.' },
    ]);
  });

  it('never links other schemes, and leaves markup as plain text', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> <a href="https://evil.test">x</a>';
    const parts = linkify(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['https://evil.test/']);
  });

  it('returns plain text untouched', () => {
    expect(linkify('no links here')).toEqual([{ text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
  });
});
