export type BannedWordActionName = 'hold' | 'refuse';

/** One entry of the list: a whole word or phrase, `*` standing for any run of word characters. */
export interface BannedWordEntry {
  word: string;
  action: BannedWordActionName;
}

/** What the list says of a text: refuse (400 banned_word), hold (pending) or nothing. */
export type BannedWordVerdict = BannedWordActionName | null;

/** NFKC folds look-alike forms (full-width letters, ligatures) before the case-insensitive match. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKC').toLowerCase().trim();
}

/**
 * Characters written for the letter they look like: digits and signs ("l33t", "$hit", "@ss"; not "!" or "|", which end sentences more often than they spell an i) and
 * the Cyrillic and Greek letters drawn like Latin ones. Applied to the text and the words alike,
 * after NFKC, lower-casing and stripping accents, so "Ｄ4rn", "dárn" and "dаrn" (Cyrillic а) all
 * read "darn".
 */
const LOOK_ALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const LOOK_ALIKE = new RegExp(
  `[${Object.keys(LOOK_ALIKES)
    .join('')
    .replace(/[$|\]\\^-]/g, '\\$&')}]`,
  'gu',
);

/** The form both sides are compared in (see LOOK_ALIKES). */
export function foldForMatch(text: string): string {
  return normalizeWord(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(LOOK_ALIKE, (char) => LOOK_ALIKES[char]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word as an expression: folded, escaped, each `*` any run of letters, digits or `_`. */
function wordPattern(word: string): string {
  return foldForMatch(word).split('*').map(escape).join('[\\p{L}\\p{N}\\p{M}_]*');
}

/** True for an entry that would match something: not empty, not only wildcards. */
export function isUsableWord(word: string): boolean {
  return /[^*\s]/u.test(normalizeWord(word));
}

function matcherOf(words: readonly string[]): (text: string) => boolean {
  const alternatives = words.filter(isUsableWord).map(wordPattern);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}\\p{M}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}\\p{M}_])`,
    'u',
  );
  return (folded) => pattern.test(folded);
}

/**
 * A test for what the list says of a text. Entries match as whole words: letters, digits and
 * underscores around one are not a boundary, so "class" does not match "classic" (but "class*"
 * does). A `refuse` entry wins over a `hold` one. Built once per list (the expression for 1,000
 * words is not free to compile).
 */
export function bannedWordMatcher(
  entries: readonly (BannedWordEntry | string)[],
): (text: string) => BannedWordVerdict {
  const listed = entries.map((entry) =>
    typeof entry === 'string' ? { word: entry, action: 'hold' as const } : entry,
  );
  const refuses = matcherOf(listed.filter((e) => e.action === 'refuse').map((e) => e.word));
  const holds = matcherOf(listed.filter((e) => e.action === 'hold').map((e) => e.word));
  return (text) => {
    const folded = foldForMatch(text);
    if (refuses(folded)) return 'refuse';
    return holds(folded) ? 'hold' : null;
  };
}

export function containsBannedWord(
  text: string,
  entries: readonly (BannedWordEntry | string)[],
): boolean {
  return bannedWordMatcher(entries)(text) !== null;
}
