/**
 * Top-level domains a bare domain is recognised by ("example.com" without a scheme). A short list
 * on purpose: "e.g.", "i.e.", "Node.js" or "3.14" must not read as links, nor a missing space
 * after a full stop before a common word ("done.It", "with.me", "for.us": no `it`, `me`, `us`).
 */
const COMMON_TLDS = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'io',
  'tv',
  'app',
  'dev',
  'xyz',
  'online',
  'site',
  'shop',
  'top',
  'club',
  'ly',
  'gg',
  'ru',
  'cn',
  'uk',
  'de',
  'fr',
  'nl',
  'eu',
  'ca',
  'au',
];

const SCHEME = 'https?:\\/\\/\\S';
const WWW = '(?<![\\p{L}\\p{N}_.-])www\\.[\\p{L}\\p{N}-]';
const BARE_DOMAIN = `(?<![\\p{L}\\p{N}_.@-])(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+(?:${COMMON_TLDS.join('|')})(?![\\p{L}\\p{N}_-])`;
const LINK = new RegExp(`${SCHEME}|${WWW}|${BARE_DOMAIN}`, 'iu');

/**
 * Whether a comment holds a link, for the `holdLinks` policy: an http(s):// address, a `www.`
 * name, or a bare domain ending in a common top-level domain. Read after NFKC, so full-width
 * letters and dots ("ｅｘａｍｐｌｅ．ｃｏｍ") count too. An e-mail address is not a link.
 */
export function containsLink(text: string): boolean {
  return LINK.test(text.normalize('NFKC'));
}
