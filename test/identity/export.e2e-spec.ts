import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { grantPosting } from '../support/mail';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

jest.setTimeout(60_000);

describe('GET /me/export', () => {
  let t: TestApp;
  let admin: TestAccount;
  let articleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerStaff(t, 'admin');
    articleId = await createArticle(t, admin);
  });
  afterAll(() => t.close());

  it('holds the profile, comments with revisions, reports, likes, sessions, subscription and preferences', async () => {
    const reader = await registerAccount(t, { displayName: 'Exported' });
    await grantPosting(t, admin, reader);
    const other = await postComment(t, admin, articleId, 'Staff comment');
    const mine = await postComment(t, reader, articleId, 'First text');
    await t
      .http()
      .patch(`/api/v1/comments/${mine.id}`)
      .set(reader.auth)
      .send({ body: 'Second text' })
      .expect(200);
    await t.http().put(`/api/v1/comments/${other.id}/like`).set(reader.auth).expect(204);
    await t
      .http()
      .post(`/api/v1/comments/${other.id}/reports`)
      .set(reader.auth)
      .send({ reason: 'spam', note: 'looks like an ad' })
      .expect(201);
    await t
      .http()
      .patch('/api/v1/me/notifications')
      .set(reader.auth)
      .send({ moderation: false })
      .expect(200);

    const res = await t.http().get('/api/v1/me/export').set(reader.auth).expect(200);
    const body = res.body;
    expect(body.profile).toMatchObject({
      id: reader.id,
      email: reader.email,
      displayName: 'Exported',
      role: 'reader',
      status: 'active',
    });
    expect(body.profile.emailVerifiedAt).toEqual(expect.any(String));
    expect(body.comments).toEqual([
      expect.objectContaining({
        id: mine.id,
        articleId,
        body: 'Second text',
        status: 'visible',
        revisions: [expect.objectContaining({ body: 'First text' })],
      }),
    ]);
    expect(body.reports).toEqual([
      expect.objectContaining({ commentId: other.id, reason: 'spam', note: 'looks like an ad' }),
    ]);
    expect(body.likes).toEqual([expect.objectContaining({ commentId: other.id })]);
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ endedAt: null });
    expect(body.subscription).toMatchObject({ canComment: true, source: 'complimentary' });
    expect(body.notifications).toEqual({ replies: true, moderation: false });
    // Nothing secret, and nothing of anyone else.
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/passwordHash|argon2|tokenHash|token_hash/);
    expect(text).not.toContain(reader.refreshToken);
    expect(text).not.toContain('Staff comment');
    expect(text).not.toContain(admin.email);
  });

  it('needs a signed-in caller', async () => {
    await t.http().get('/api/v1/me/export').expect(401);
  });
});
