import { validationFailed } from '@parley/errors';
import { codePointLength, isBlankText, trimText, unstorableReason } from '@parley/text';

/** The longest moderator note, in characters (code points) after trimming. */
export const NOTE_MAX = 2000;

/**
 * A moderator's note as it will be stored: storable (no U+0000, no unpaired surrogate), trimmed
 * with the rules of libs/text, then 1–2,000 characters that do not all show as nothing. The same
 * rule as comment bodies, with the note's own limit (a database check holds it too).
 */
export function checkNoteText(note: unknown, field = 'note'): string {
  if (typeof note !== 'string') throw invalid(field, 'must be a string');
  const unstorable = unstorableReason(note);
  if (unstorable) throw invalid(field, unstorable);
  const trimmed = trimText(note);
  const length = codePointLength(trimmed);
  if (length < 1 || length > NOTE_MAX)
    throw invalid(field, `must be 1–${NOTE_MAX} characters after trimming`);
  if (isBlankText(trimmed)) throw invalid(field, 'must contain visible characters');
  return trimmed;
}

function invalid(field: string, message: string) {
  return validationFailed({ field, message });
}
