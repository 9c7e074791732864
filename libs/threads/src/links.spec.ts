import { containsLink } from './links';

describe(containsLink.name, () => {
  it.each([
    'see https://example.org/a?b=c',
    'see http://x',
    'HTTPS://EXAMPLE.ORG',
    'go to www.example',
    'WWW.shop-now.biz is great',
    'visit example.com today',
    'visit example.com/path',
    'sub.domain.net.',
    'buy at cheap-pills.xyz!',
    'ｅｘａｍｐｌｅ．ｃｏｍ',
    '(news.bbc.uk)',
    'münchen.de',
    // Already found, and still: full-width dots, schemes in capitals, www., short links, IPs,
    // punycode.
    'example．com',
    'HTTPS://example.org',
    'www.x',
    'bit.ly/x',
    'http://127.0.0.1',
    'xn--bcher-kva.com',
    'see xn--bcher-kva.xn--p1ai/page',
    // Invisible characters inside the address.
    'evil\u200B.com',
    'evil.c\u200Bom',
    'e\u00ADvil.com',
    'evil\u2060.\u2060com',
    'evil.co\u200Dm/x',
    'ww\u200Bw.evil',
    'htt\u200Bps://evil',
    'evil\uFE0F.com',
    'evil.c\u{E0020}om',
    // A domain followed by a path, whatever its top-level domain.
    't.co/abc',
    'evil.co/x',
    'evil.me/x',
    'evil.link/foo',
    'evil.example/path',
    'see evil.it/promo now',
    'EVIL.CO/X',
    // Top-level domains added to the bare list.
    'evil.tk',
    'evil.ai',
    'evil.click',
    'evil.zip',
    'evil.mov',
    'evil.co',
    'evil.link',
    // Ideographic, half-width ideographic and small full stops.
    'evil。com/x',
    'evil。com',
    'evil｡com',
    'evil﹒com',
    'evil。co/x',
    // Protocol-relative addresses.
    '//evil.example/path',
    'see //evil.example',
    'at //cdn.evil.example.',
    '//10.0.0.1/x',
    // Only the scheme defanged: the domain and its path still read as one.
    'hxxp://evil.example/x',
    // The price of "any TLD before a path": a slash after a dotted name reads as a path.
    'Node.js/Deno',
  ])('finds a link in %j', (text) => {
    expect(containsLink(text)).toBe(true);
  });

  it.each([
    'no links here',
    'e.g. this, i.e. that',
    'Node.js and Vue.js',
    'pi is 3.14',
    'I was done.It was late',
    'come with.me and for.us',
    'mail me at someone@example.com',
    'comment',
    'the .com bubble',
    'httpsfoo',
    'www',
    // Prose that looks a little like a domain.
    'e.g./i.e.',
    'Node.js is fast',
    'Vue.js, Node.js.',
    'see section 3.14/2',
    'U.S./Canada',
    'a 1/2 cup',
    'and/or',
    'mail someone@example.co/x',
    'first@mail.evil.me',
    'I was done.Me too',
    // Defanged addresses are left alone: no client makes them a link, a reader has to retype them.
    'hxxp://evil',
    'hxxps://evil[.]example/x',
    'evil[.]com',
    'example .com',
    'evil(.)com',
    // A comment marker or a path without a domain.
    '// just a comment',
    '//x',
    'a/b/c',
    '/usr/local/bin',
    // Invisible characters around prose stay prose.
    'e.\u200Bg. this',
    'Node\u200B.js',
  ])('finds none in %j', (text) => {
    expect(containsLink(text)).toBe(false);
  });
});
