import { FAILURE_REASON_MAX, failureReason } from './failure-reason';

describe(failureReason.name, () => {
  it('keeps a one-line message as it is', () => {
    expect(failureReason(new Error('SMTP answered 550 mailbox unavailable'))).toBe(
      'SMTP answered 550 mailbox unavailable',
    );
  });

  it("keeps only a multi-line message's last line, never the quoted arguments", () => {
    const error = new Error(
      [
        '',
        'Invalid `db.comment.create()` invocation in',
        '/srv/libs/threads/src/comment.store.ts:79:20',
        '  data: {',
        '    body: "a reader\'s private words",',
        '  }',
        'Argument `authorId` is missing.',
      ].join('\n'),
    );
    expect(failureReason(error)).toBe('Argument `authorId` is missing.');
  });

  it('bounds the text and falls back to the error name', () => {
    expect(failureReason(new Error('x'.repeat(1000)))).toHaveLength(FAILURE_REASON_MAX);
    const unnamed = new Error('');
    unnamed.name = 'AbortError';
    expect(failureReason(unnamed)).toBe('AbortError');
  });
});
