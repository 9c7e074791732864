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
  ])('finds none in %j', (text) => {
    expect(containsLink(text)).toBe(false);
  });
});
