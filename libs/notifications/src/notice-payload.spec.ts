import { readRejectionNotice, readReplyNotice } from './notice-payload';

describe(readReplyNotice.name, () => {
  it('reads a reply notice and refuses one missing its ids', () => {
    expect(readReplyNotice({ recipientId: 'u', articleId: 'a' })).toEqual({
      recipientId: 'u',
      articleId: 'a',
    });
    expect(readReplyNotice({})).toBeNull();
    expect(readReplyNotice(null)).toBeNull();
    expect(readReplyNotice({ recipientId: 1, articleId: 'a' })).toBeNull();
  });
});

describe(readRejectionNotice.name, () => {
  it('reads a rejection notice with or without a code and refuses a bad one', () => {
    expect(readRejectionNotice({ commentId: 'c', code: 'spam' })).toEqual({
      commentId: 'c',
      code: 'spam',
    });
    expect(readRejectionNotice({ commentId: 'c' })).toEqual({ commentId: 'c', code: null });
    expect(readRejectionNotice({ code: 'spam' })).toBeNull();
    expect(readRejectionNotice({ commentId: 'c', code: 7 })).toBeNull();
  });
});
