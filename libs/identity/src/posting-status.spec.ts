import { AuthUser } from './auth-user';
import { assertMayPost } from './posting-status';

describe(assertMayPost.name, () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const user = (over: Partial<AuthUser>): AuthUser => ({
    id: 'u',
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    emailVerified: true,
    ...over,
  });

  it('lets active readers and staff through', () => {
    expect(() => assertMayPost(user({}), now)).not.toThrow();
    expect(() => assertMayPost(user({ role: 'moderator', status: 'banned' }), now)).not.toThrow();
  });

  it('refuses banned users with user_banned', () => {
    expect(() => assertMayPost(user({ status: 'banned' }), now)).toThrow(
      expect.objectContaining({ code: 'user_banned' }),
    );
  });

  it('refuses a suspension in force with user_suspended, and lets an ended one through', () => {
    const later = new Date(now.getTime() + 1000);
    expect(() => assertMayPost(user({ status: 'suspended', suspendedUntil: later }), now)).toThrow(
      expect.objectContaining({ code: 'user_suspended' }),
    );
    expect(() =>
      assertMayPost(user({ status: 'suspended', suspendedUntil: now }), now),
    ).not.toThrow();
  });

  it('refuses an unverified address after the status, for staff too', () => {
    expect(() => assertMayPost(user({ emailVerified: false }), now)).toThrow(
      expect.objectContaining({ code: 'email_unverified' }),
    );
    expect(() => assertMayPost(user({ role: 'admin', emailVerified: false }), now)).toThrow(
      expect.objectContaining({ code: 'email_unverified' }),
    );
    expect(() => assertMayPost(user({ status: 'banned', emailVerified: false }), now)).toThrow(
      expect.objectContaining({ code: 'user_banned' }),
    );
  });
});
