import { PrismaService } from '@parley/database';
import { randomUUID } from 'node:crypto';
import { logout, registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

describe('likes and reports', () => {
  let t: TestApp;
  let staff: TestAccount;
  let reader: TestAccount;
  let articleId: string;
  const prisma = () => t.app.get(PrismaService);
  const likeCount = async (id: string) =>
    (await t.http().get(`/api/v1/comments/${id}`).expect(200)).body.likeCount as number;

  beforeAll(async () => {
    t = await createTestApp();
    [staff, reader] = await Promise.all([registerStaff(t), registerAccount(t)]);
    articleId = await createArticle(t, staff);
  });
  afterAll(() => t.close());

  describe('PUT/DELETE /comments/:commentId/like', () => {
    it('is idempotent both ways', async () => {
      const c = await postComment(t, staff, articleId);
      await t.http().put(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
      await t.http().put(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
      expect(await likeCount(c.id)).toBe(1);
      await t.http().delete(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
      await t.http().delete(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
      expect(await likeCount(c.id)).toBe(0);
    });

    it('counts 50 concurrent likes from 50 users as 50', async () => {
      const c = await postComment(t, staff, articleId);
      const users = await Promise.all(Array.from({ length: 50 }, () => registerStaff(t)));
      const results = await Promise.all(
        users.map((u) => t.http().put(`/api/v1/comments/${c.id}/like`).set(u.auth)),
      );
      expect(results.every((r) => r.status === 204)).toBe(true);
      expect(await likeCount(c.id)).toBe(50);
    }, 60_000);

    it('leaves a count equal to the rows when likes and unlikes race', async () => {
      const c = await postComment(t, staff, articleId);
      const users = await Promise.all(Array.from({ length: 8 }, () => registerStaff(t)));
      await Promise.all(
        users
          .slice(0, 4)
          .map((u) => t.http().put(`/api/v1/comments/${c.id}/like`).set(u.auth).expect(204)),
      );
      await Promise.all(
        users.flatMap((u) => [
          t.http().put(`/api/v1/comments/${c.id}/like`).set(u.auth),
          t.http().delete(`/api/v1/comments/${c.id}/like`).set(u.auth),
          t.http().put(`/api/v1/comments/${c.id}/like`).set(u.auth),
        ]),
      );
      const rows = await prisma().commentLike.count({ where: { commentId: c.id } });
      expect(await likeCount(c.id)).toBe(rows);
    }, 60_000);

    it('401 anonymous, 403 subscription_required for a reader, 403 user_banned, 404 unknown, 403 closed', async () => {
      const c = await postComment(t, staff, articleId);
      await t.http().put(`/api/v1/comments/${c.id}/like`).expect(401);
      expect(
        (await t.http().put(`/api/v1/comments/${c.id}/like`).set(reader.auth).expect(403)).body
          .code,
      ).toBe('subscription_required');
      expect(
        (await t.http().delete(`/api/v1/comments/${c.id}/like`).set(reader.auth).expect(403)).body
          .code,
      ).toBe('subscription_required');
      const banned = await registerStaff(t);
      await prisma().user.update({ where: { id: banned.id }, data: { status: 'banned' } });
      expect(
        (await t.http().put(`/api/v1/comments/${c.id}/like`).set(banned.auth).expect(403)).body
          .code,
      ).toBe('user_banned');
      expect(
        (await t.http().put(`/api/v1/comments/${randomUUID()}/like`).set(staff.auth).expect(404))
          .body.code,
      ).toBe('comment_not_found');
      expect(
        (await t.http().put('/api/v1/comments/zzz/like').set(staff.auth).expect(404)).body.code,
      ).toBe('comment_not_found');
      const closing = await createArticle(t, staff);
      const d = await postComment(t, staff, closing);
      await t
        .http()
        .put(`/api/v1/articles/${closing}`)
        .set(staff.auth)
        .send({ title: 't', state: 'closed' })
        .expect(200);
      expect(
        (await t.http().put(`/api/v1/comments/${d.id}/like`).set(staff.auth).expect(403)).body.code,
      ).toBe('comments_closed');
      expect((await t.http().get(`/api/v1/comments/${d.id}`).expect(200)).body.body).toBe(d.body);
    });
  });

  it('401 at once for a token whose login has ended, before the comment and the account', async () => {
    // A like checks the login in its own first statement (LoginCheckedByHandler), not the guard.
    const c = await postComment(t, staff, articleId);
    const gone = await registerStaff(t);
    await t.http().put(`/api/v1/comments/${c.id}/like`).set(gone.auth).expect(204);
    await logout(t, gone);
    await prisma().user.update({ where: { id: gone.id }, data: { status: 'banned' } });
    for (const path of [c.id, randomUUID(), 'zzz']) {
      for (const method of ['put', 'delete'] as const) {
        const res = await t.http()[method](`/api/v1/comments/${path}/like`).set(gone.auth);
        expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
      }
    }
    expect(await prisma().commentLike.count({ where: { commentId: c.id, userId: gone.id } })).toBe(
      1,
    );
  });

  describe('POST /comments/:commentId/reports', () => {
    it('creates a report (201); a repeat by the same user is a 200, counted once', async () => {
      const c = await postComment(t, staff, articleId);
      const first = await t
        .http()
        .post(`/api/v1/comments/${c.id}/reports`)
        .set(reader.auth)
        .send({ reason: 'spam', note: 'buy now links' })
        .expect(201);
      expect(first.body).toMatchObject({ commentId: c.id, reason: 'spam', note: 'buy now links' });
      const again = await t
        .http()
        .post(`/api/v1/comments/${c.id}/reports`)
        .set(reader.auth)
        .send({ reason: 'abuse' })
        .expect(200);
      expect(again.body).toMatchObject({ id: first.body.id, reason: 'spam' });
      const row = await prisma().comment.findUniqueOrThrow({ where: { id: c.id } });
      expect(row.openReportCount).toBe(1);
    });

    it('counts concurrent repeats once', async () => {
      const c = await postComment(t, staff, articleId);
      const someone = await registerAccount(t);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t
            .http()
            .post(`/api/v1/comments/${c.id}/reports`)
            .set(someone.auth)
            .send({ reason: 'other' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(
        (await prisma().comment.findUniqueOrThrow({ where: { id: c.id } })).openReportCount,
      ).toBe(1);
    });

    it.each([
      [{}],
      [{ reason: 'boring' }],
      [{ reason: 'spam', note: 'x'.repeat(501) }],
      [{ reason: 'spam', note: 5 }],
      [{ reason: 'spam', extra: 1 }],
    ])('refuses bad input #%# with 400', async (body) => {
      const c = await postComment(t, staff, articleId);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/comments/${c.id}/reports`)
            .set(reader.auth)
            .send(body)
            .expect(400)
        ).body.code,
      ).toBe('validation_failed');
    });

    it('401 anonymous, 404 unknown, 403 banned, 403 closed', async () => {
      const c = await postComment(t, staff, articleId);
      await t.http().post(`/api/v1/comments/${c.id}/reports`).send({ reason: 'spam' }).expect(401);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/comments/${randomUUID()}/reports`)
            .set(reader.auth)
            .send({ reason: 'spam' })
            .expect(404)
        ).body.code,
      ).toBe('comment_not_found');
      const banned = await registerAccount(t);
      await prisma().user.update({ where: { id: banned.id }, data: { status: 'banned' } });
      expect(
        (
          await t
            .http()
            .post(`/api/v1/comments/${c.id}/reports`)
            .set(banned.auth)
            .send({ reason: 'spam' })
            .expect(403)
        ).body.code,
      ).toBe('user_banned');
      const closing = await createArticle(t, staff);
      const d = await postComment(t, staff, closing);
      await t
        .http()
        .put(`/api/v1/articles/${closing}`)
        .set(staff.auth)
        .send({ title: 't', state: 'closed' })
        .expect(200);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/comments/${d.id}/reports`)
            .set(reader.auth)
            .send({ reason: 'spam' })
            .expect(403)
        ).body.code,
      ).toBe('comments_closed');
    });
  });
});
