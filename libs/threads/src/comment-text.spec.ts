import { DomainError } from '@parley/errors';
import { BODY_MAX, checkCommentBody } from './comment-text';

describe(checkCommentBody.name, () => {
  it('keeps the body exactly as written', () => {
    expect(checkCommentBody('  <b>hi</b>\n')).toBe('  <b>hi</b>\n');
  });

  it('counts code points after trimming', () => {
    expect(checkCommentBody(` ${'😀'.repeat(BODY_MAX)} `)).toHaveLength(BODY_MAX * 2 + 2);
    expect(() => checkCommentBody('x'.repeat(BODY_MAX + 1))).toThrow(DomainError);
  });

  it.each(['', '   ', '\n\t', '\u200B\u200B', '\u202E', '\u00A0\u3000', '\u0007', '\uFEFF \u2060'])(
    'refuses %j',
    (body) => {
      expect(() => checkCommentBody(body)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    },
  );

  it.each([42, null, undefined, ['a'], { a: 1 }])('refuses the non-string %j', (body) => {
    expect(() => checkCommentBody(body)).toThrow(DomainError);
  });
});
