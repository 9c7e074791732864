import { removeInvisible } from '@parley/text';

export type BannedWordActionName = 'hold' | 'refuse';

/** One entry of the list: a whole word or phrase, `*` standing for any run of word characters. */
export interface BannedWordEntry {
  word: string;
  action: BannedWordActionName;
}

/** What the list says of a text: refuse (400 banned_word), hold (pending) or nothing. */
export type BannedWordVerdict = BannedWordActionName | null;

/**
 * The stored form of an entry: NFKC (full-width letters, ligatures), lower case, trimmed. Matching
 * folds further (foldForMatch); what a moderator wrote stays readable ("straße", not "strasse").
 */
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
/**
 * Where lower case is not case folding: "ß" (and "ẞ", which lower-cases to it) folds to "ss", so
 * "straße" matches "STRASSE"; a final sigma folds to the medial one.
 */
const CASE_FOLDS: Record<string, string> = { ß: 'ss', ς: 'σ' };
const FOLDS: Record<string, string> = { ...LOOK_ALIKES, ...CASE_FOLDS };
const FOLDED_CHAR = new RegExp(
  `[${Object.keys(FOLDS)
    .join('')
    .replace(/[$|\]\\^-]/g, '\\$&')}]`,
  'gu',
);
const MARKS = /\p{M}+/gu;

/** The folded form with the invisible characters still in (each one then separates words). */
function foldKeepingInvisible(text: string): string {
  return normalizeWord(text)
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(FOLDED_CHAR, (char) => FOLDS[char]);
}

/**
 * The form both sides are compared in: NFKC, lower case, "ß" as "ss", no accents, look-alikes
 * folded (see LOOK_ALIKES), and no character that shows as nothing (zero-width ones, the soft
 * hyphen, joiners, variation selectors, fillers: removeInvisible), so "idi\u200Bot" reads "idiot".
 */
export function foldForMatch(text: string): string {
  return removeInvisible(foldKeepingInvisible(text)).trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A letter or digit: what a word is made of (`_`, like `-` or a space, separates words). */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';

/** A word as an expression: folded, escaped, each `*` any run of letters or digits. */
function wordPattern(word: string): string {
  return foldForMatch(word).split('*').map(escape).join(`${WORD_CHAR}*`);
}

/**
 * True for an entry that would match something: once folded, not empty and not only wildcards
 * (an entry of only invisible characters or accents folds to nothing, and nothing would match
 * at every word boundary).
 */
export function isUsableWord(word: string): boolean {
  return /[^*\s]/u.test(foldForMatch(word));
}

function matcherOf(words: readonly string[]): (text: string) => boolean {
  const alternatives = words.filter(isUsableWord).map(wordPattern);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'u');
  return (folded) => pattern.test(folded);
}

/**
 * A test for what the list says of a text. Entries match as whole words: letters and digits
 * around one are not a boundary, so "class" does not match "classic" (but "class*" does); `_`,
 * like `-`, is one ("darn_it" holds "darn"). A `refuse` entry wins over a `hold` one. Built once
 * per list (the expression for 1,000 words is not free to compile).
 *
 * A text with invisible characters in it is read both ways: without them (as it shows, so
 * "idi\u200Bot" is "idiot") and, as before, with each one separating words (so "you\u200Bidiot"
 * still matches "idiot"); either match counts. A text without any is read once.
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
    const kept = foldKeepingInvisible(text);
    const folded = removeInvisible(kept);
    const readings = folded.length === kept.length ? [folded] : [folded, kept];
    if (readings.some(refuses)) return 'refuse';
    return readings.some(holds) ? 'hold' : null;
  };
}

export function containsBannedWord(
  text: string,
  entries: readonly (BannedWordEntry | string)[],
): boolean {
  return bannedWordMatcher(entries)(text) !== null;
}
