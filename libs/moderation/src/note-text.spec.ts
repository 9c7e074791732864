import { checkNoteText, NOTE_MAX } from './note-text';

describe(checkNoteText.name, () => {
  it('stores the note trimmed', () => {
    expect(checkNoteText('  Warned twice about spam.\n')).toBe('Warned twice about spam.');
    expect(checkNoteText('\u200b\u3164 Ok 🏴 \u2800')).toBe('Ok 🏴');
  });

  it('counts characters after trimming, emoji as one', () => {
    expect(checkNoteText('x'.repeat(NOTE_MAX))).toHaveLength(NOTE_MAX);
    expect(checkNoteText(`${'x'.repeat(NOTE_MAX)}${' '.repeat(5000)}`)).toHaveLength(NOTE_MAX);
    expect(checkNoteText('😀'.repeat(NOTE_MAX))).toHaveLength(2 * NOTE_MAX);
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['only spaces', '   \n\t '],
    ['only fillers and zero-width characters', '\u3164\u200b\u2800\u115f'],
    ['too long', 'x'.repeat(NOTE_MAX + 1)],
    ['too long in emoji', '😀'.repeat(NOTE_MAX + 1)],
    ['a NUL byte', 'fine\u0000text'],
    ['an unpaired surrogate', 'broken \ud800 text'],
  ])('refuses %s with validation_failed on the field', (_name, note) => {
    expect(() => checkNoteText(note)).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: [expect.objectContaining({ field: 'note' })],
      }),
    );
  });
});
