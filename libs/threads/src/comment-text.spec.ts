import { DomainError } from '@parley/errors';
import { BODY_MAX, checkCommentBody } from './comment-text';

describe(checkCommentBody.name, () => {
  it('returns the body as stored: trimmed, inner text untouched', () => {
    expect(checkCommentBody('  <b>hi</b>\n')).toBe('<b>hi</b>');
    expect(checkCommentBody('\u3164\u200B line one\n\n  line two \u2800')).toBe(
      'line one\n\n  line two',
    );
    expect(checkCommentBody(`a${' '.repeat(95_000)}`)).toBe('a');
  });

  it('counts code points of what is stored', () => {
    expect(checkCommentBody(` ${'😀'.repeat(BODY_MAX)} `)).toBe('😀'.repeat(BODY_MAX));
    expect(() => checkCommentBody('x'.repeat(BODY_MAX + 1))).toThrow(DomainError);
    expect(checkCommentBody(`${'x'.repeat(BODY_MAX)}${'\u3164'.repeat(100)}`)).toHaveLength(
      BODY_MAX,
    );
  });

  it.each([
    '',
    '   ',
    '\n\t',
    '\u200B\u200B',
    '\u202E',
    '\u00A0\u3000',
    '\u0007',
    '\uFEFF \u2060',
    '\u3164',
    '\u3164\u3164\u3164',
    '\u2800',
    '\u115F\u1160',
    '\uFFA0',
    ' \u3164 \u202E \u2800 ',
  ])('refuses %j as empty', (body) => {
    expect(() => checkCommentBody(body)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it.each(['a\u0000b', '\u0000', 'ok \uD800', '\uDC00 ok'])('refuses the unstorable %j', (body) => {
    expect(() => checkCommentBody(body)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it.each([42, null, undefined, ['a'], { a: 1 }])('refuses the non-string %j', (body) => {
    expect(() => checkCommentBody(body)).toThrow(DomainError);
  });
});
