/** NFKC folds look-alike forms (full-width letters, ligatures) before the case-insensitive match. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKC').toLowerCase().trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A test for whether a text holds one of the words as a whole word: letters, digits and
 * underscores around it are not a boundary, so "class" does not match "classic". Built once per
 * list (the expression for 1,000 words is not free to compile).
 */
export function bannedWordMatcher(words: readonly string[]): (text: string) => boolean {
  const alternatives = words
    .map(normalizeWord)
    .filter((word) => word.length > 0)
    .map(escape);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}\\p{M}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}\\p{M}_])`,
    'u',
  );
  return (text) => pattern.test(normalizeWord(text));
}

export function containsBannedWord(text: string, words: readonly string[]): boolean {
  return bannedWordMatcher(words)(text);
}
