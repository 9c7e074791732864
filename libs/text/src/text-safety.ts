/**
 * The one rule for text that reaches the database, whatever the field (emails, passwords, bodies,
 * names, notes, reasons, titles, URLs, banned words, idempotency keys).
 *
 * - Storable: PostgreSQL refuses U+0000 in text (SQLSTATE 22021), and a UTF-16 surrogate without
 *   its pair has no UTF-8 form (node-postgres would silently store U+FFFD instead). Both are the
 *   client's mistake: a 400, never a 500 and never a silent change.
 * - Blank: text made only of whitespace, controls, format characters (zero-width, bidi controls)
 *   and fillers (Hangul fillers, the blank Braille pattern, …) shows as nothing, so a comment or a
 *   name of only these is as empty as "".
 * - Trimmed: whitespace, controls and fillers at either end are dropped. Zero-width joiners,
 *   variation selectors and tag characters are kept: they end emoji sequences (❤️, 🏴 flags).
 *
 * Pure and allocation-light: every function is one linear pass (no backtracking regular
 * expression runs over the whole text), so a 100 kB body costs microseconds.
 */

/** Characters that look like nothing but are letters or symbols to Unicode (not Cf, not Zs). */
const FILLERS = String.raw`\u115F\u1160\u3164\uFFA0\u2800\u034F\u17B4\u17B5\u180B-\u180F`;

/* eslint-disable no-misleading-character-class -- the combining fillers (U+034F, U+17B4…) are
   listed on their own on purpose: each is matched as a character by itself. */
/** Any character that shows something: not whitespace, control, format, ignorable or filler. */
const NOT_BLANK = new RegExp(
  `[^\\p{White_Space}\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}${FILLERS}]`,
  'u',
);
/** What trimming removes at the ends (all in the BMP, so one UTF-16 unit each). */
const TRIMMED_CHAR = new RegExp(`[\\p{White_Space}\\p{Cc}\\u200B\\u2060\\uFEFF${FILLERS}]`, 'u');
/** Never allowed in a name: controls, format characters, line/paragraph separators, fillers. */
const INVISIBLE_IN_NAME = new RegExp(`[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}${FILLERS}]`, 'u');
/** A base character that shows: a letter, number, symbol or punctuation that is not a filler. */
const VISIBLE_BASE = new RegExp(`(?![${FILLERS}])[\\p{L}\\p{N}\\p{S}\\p{P}]`, 'u');
/** A combining mark with nothing to combine with: at the start, or right after whitespace. */
const ORPHAN_MARK = /(?:^|\p{White_Space})\p{M}/u;
/* eslint-enable no-misleading-character-class */
/**
 * Characters that show as nothing inside a word: format characters (zero-width space and joiners,
 * the word joiner, the soft hyphen, bidi controls, tag characters) and the rest of Unicode's
 * Default_Ignorable_Code_Point (the combining grapheme joiner, variation selectors, the Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer and Mongolian fillers). Not U+2800 (the blank
 * Braille pattern), which shows as a blank like a space.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]+/gu;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = 'must not contain U+0000';
export const SURROGATE_MESSAGE = 'must not contain unpaired UTF-16 surrogates';

/** Why this text cannot be stored, or null when it can. */
export function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if (UNPAIRED_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return null;
}

export function isStorableText(text: string): boolean {
  return unstorableReason(text) === null;
}

export interface TextProblem {
  /** Where the text sits in the input: `email`, `words[3]`, `a.b` (a key is named by its path). */
  field: string;
  message: string;
}

/**
 * Every string in a parsed JSON value (object keys included) that cannot be stored, at most
 * `limit` of them. Iterative, so nesting depth cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, root = '', limit = 20): TextProblem[] {
  const problems: TextProblem[] = [];
  // Depth-first, in document order: [value, its path, the problem of the key that named it].
  const pending: Array<[unknown, string, TextProblem | null]> = [[value, root, null]];
  while (pending.length > 0 && problems.length < limit) {
    const [current, path, keyProblem] = pending.pop() as [unknown, string, TextProblem | null];
    if (keyProblem) problems.push(keyProblem);
    if (typeof current === 'string') {
      const reason = unstorableReason(current);
      if (reason) problems.push({ field: path || 'value', message: reason });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        pending.push([current[i], `${path}[${i}]`, null]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i];
        const reason = unstorableReason(key);
        const problem = reason ? { field: path || 'value', message: `a key ${reason}` } : null;
        pending.push([inner, path ? `${path}.${key}` : key, problem]);
      }
    }
  }
  return problems.slice(0, limit);
}

/** True when nothing in the text would show: only whitespace, controls, format characters, fillers. */
export function isBlankText(text: string): boolean {
  return !NOT_BLANK.test(text);
}

/** Drops whitespace, controls, zero-width spaces and fillers at both ends. */
export function trimText(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && TRIMMED_CHAR.test(text[start])) start++;
  while (end > start && TRIMMED_CHAR.test(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** True when the text holds a control, format, separator or filler character anywhere. */
export function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE_IN_NAME.test(text);
}

/**
 * True when a name would show no base character: none of letter, number, symbol or punctuation
 * (`"\u0301\u0301\u0301"`), or a combining mark that starts it or follows whitespace (it would
 * sit on nothing, or on the space). Marks after a base character (`"José"` decomposed, `"ক্ষ"`)
 * are fine.
 */
export function lacksVisibleBase(text: string): boolean {
  return !VISIBLE_BASE.test(text) || ORPHAN_MARK.test(text);
}

/** Length in code points (what a reader counts as characters, emoji as one). */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/**
 * The text without the characters that show as nothing inside a word (see INVISIBLE), for
 * matching it as it reads: "idi\u200Bot" is "idiot", "evil\u200B.com" is "evil.com". Never for
 * storing: a body is kept as written. One linear pass; the same string back when there are none.
 */
export function removeInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
