import { removeInvisible } from '@parley/text';

/**
 * Top-level domains a bare domain is recognised by ("example.com" without a scheme or a path). A
 * short list on purpose: "e.g.", "i.e.", "Node.js" or "3.14" must not read as links, nor a missing
 * space after a full stop before a common word ("done.It", "with.me", "for.us": no `it`, `me`,
 * `us`, `in`, `is`, `at`, `to`, `so`, `no`). `zip` and `mov` are real top-level domains made to
 * look like file names (phishing's favourites), so "report.zip" waits too: a comment rarely names
 * a file, and waiting is not being refused.
 */
const COMMON_TLDS = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'io',
  'co',
  'ai',
  'tv',
  'app',
  'dev',
  'xyz',
  'online',
  'site',
  'shop',
  'top',
  'club',
  'link',
  'click',
  'zip',
  'mov',
  'ly',
  'gg',
  'tk',
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

/** One label of a host name: letters, digits and inner hyphens. */
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
/** Any top-level domain: two letters or more, or an internationalised one in punycode. */
const ANY_TLD = '(?:\\p{L}{2,}|xn--[a-z0-9-]+)';
/** Where a host name may start: not inside a word, a number, a host name or an e-mail address. */
const HOST_START = '(?<![\\p{L}\\p{N}_.@-])';

const SCHEME = 'https?:\\/\\/\\S';
const WWW = '(?<![\\p{L}\\p{N}_.-])www\\.[\\p{L}\\p{N}-]';
const BARE_DOMAIN = `${HOST_START}(?:${LABEL}\\.)+(?:${COMMON_TLDS.join('|')})(?![\\p{L}\\p{N}_-])`;
/** A host name followed by a path ("t.co/abc", "evil.me/x"): a link whatever its TLD. */
const DOMAIN_PATH = `${HOST_START}(?:${LABEL}\\.)+${ANY_TLD}\\/`;
/** A protocol-relative address ("//evil.example/path", "//10.0.0.1"). */
const PROTOCOL_RELATIVE = `(?<![\\p{L}\\p{N}_.:/-])\\/\\/(?:${LABEL}\\.)+${LABEL}`;
const LINK = new RegExp(
  `${SCHEME}|${WWW}|${BARE_DOMAIN}|${DOMAIN_PATH}|${PROTOCOL_RELATIVE}`,
  'iu',
);

/** Full stops NFKC leaves alone (U+3002 ideographic; U+FF61 half-width, which NFKC makes U+3002). */
const OTHER_FULL_STOPS = /[\u3002\uFF61\uFE52]/g;

/**
 * Whether a comment holds a link, for the `holdLinks` policy: an http(s):// address, a `www.`
 * name, a bare domain ending in a common top-level domain, a domain of any top-level domain
 * followed by a path (`t.co/abc`), or a protocol-relative `//host.name`. Read after NFKC, so
 * full-width letters and dots ("ｅｘａｍｐｌｅ．ｃｏｍ") count too, with ideographic full stops
 * read as dots ("evil。com"). Characters that show as nothing (zero-width ones, the soft hyphen,
 * joiners: removeInvisible) are read both as nothing ("evil\u200B.com" is "evil.com") and, as
 * before, as separators. An e-mail address is not a link; neither is a defanged address
 * ("hxxp://", "evil[.]com", "example .com"), which no client makes a link and a reader must retype.
 */
export function containsLink(text: string): boolean {
  const kept = text.normalize('NFKC').replace(OTHER_FULL_STOPS, '.');
  const visible = removeInvisible(kept);
  return LINK.test(visible) || (visible.length !== kept.length && LINK.test(kept));
}
