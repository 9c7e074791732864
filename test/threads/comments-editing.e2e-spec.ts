import { PrismaService } from '@parley/database';
import { PostingPolicyService } from '@parley/threads';
import { randomUUID } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

describe('PATCH and DELETE /comments/:commentId', () => {
  let t: TestApp;
  let author: TestAccount;
  let other: TestAccount;
  let reader: TestAccount;
  let articleId: string;
  const patch = (id: string, auth: Record<string, string>, body: unknown) =>
    t
      .http()
      .patch(`/api/v1/comments/${id}`)
      .set(auth)
      .send(body as object);
  const prisma = () => t.app.get(PrismaService);

  beforeAll(async () => {
    t = await createTestApp({ COMMENT_EDIT_WINDOW_SECONDS: '600' });
    [author, other, reader] = await Promise.all([
      registerStaff(t),
      registerStaff(t),
      registerAccount(t),
    ]);
    articleId = await createArticle(t, author);
  });
  afterAll(() => t.close());

  describe('PATCH', () => {
    it('edits within the window, keeps the previous text as a revision, sets editedAt', async () => {
      const c = await postComment(t, author, articleId, 'first text');
      const res = await patch(c.id, author.auth, { body: 'second text' }).expect(200);
      expect(res.body).toMatchObject({ id: c.id, body: 'second text', status: 'visible' });
      expect(res.body.editedAt).toEqual(expect.any(String));
      await patch(c.id, author.auth, { body: 'third text' }).expect(200);
      const revisions = await prisma().commentRevision.findMany({
        where: { commentId: c.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(revisions.map((r) => r.body)).toEqual(['first text', 'second text']);
    });

    it('401 without a token, 403 not_author for someone else, 404 for unknown ids', async () => {
      const c = await postComment(t, author, articleId);
      expect(
        (await t.http().patch(`/api/v1/comments/${c.id}`).send({ body: 'x' }).expect(401)).body
          .code,
      ).toBe('unauthenticated');
      expect((await patch(c.id, other.auth, { body: 'x' }).expect(403)).body.code).toBe(
        'not_author',
      );
      expect((await patch(c.id, reader.auth, { body: 'x' }).expect(403)).body.code).toBe(
        'not_author',
      );
      expect((await patch(randomUUID(), author.auth, { body: 'x' }).expect(404)).body.code).toBe(
        'comment_not_found',
      );
      expect((await patch('nope', author.auth, { body: 'x' }).expect(404)).body.code).toBe(
        'comment_not_found',
      );
    });

    it('403 edit_window_passed after the window', async () => {
      const c = await postComment(t, author, articleId);
      await prisma().comment.update({
        where: { id: c.id },
        data: { createdAt: new Date(Date.now() - 601_000) },
      });
      expect((await patch(c.id, author.auth, { body: 'late' }).expect(403)).body.code).toBe(
        'edit_window_passed',
      );
    });

    it('403 user_banned for a banned author, 403 comments_closed on a closed article', async () => {
      const banned = await registerStaff(t);
      const c = await postComment(t, banned, articleId);
      await prisma().user.update({ where: { id: banned.id }, data: { status: 'banned' } });
      expect((await patch(c.id, banned.auth, { body: 'x' }).expect(403)).body.code).toBe(
        'user_banned',
      );
      const closing = await createArticle(t, author);
      const d = await postComment(t, author, closing);
      await t
        .http()
        .put(`/api/v1/articles/${closing}`)
        .set(author.auth)
        .send({ title: 't', state: 'closed' })
        .expect(200);
      expect((await patch(d.id, author.auth, { body: 'x' }).expect(403)).body.code).toBe(
        'comments_closed',
      );
    });

    it.each([
      [{}],
      [{ body: '' }],
      [{ body: ' \u200B ' }],
      [{ body: 'x'.repeat(5001) }],
      [{ body: 'ok', parentId: null }],
      [{ body: 5 }],
    ])('refuses bad input #%# with 400', async (body) => {
      const c = await postComment(t, author, articleId);
      expect((await patch(c.id, author.auth, body).expect(400)).body.code).toBe(
        'validation_failed',
      );
    });

    it('404 for a deleted comment', async () => {
      const c = await postComment(t, author, articleId);
      await t.http().delete(`/api/v1/comments/${c.id}`).set(author.auth).expect(204);
      expect((await patch(c.id, author.auth, { body: 'x' }).expect(404)).body.code).toBe(
        'comment_not_found',
      );
    });

    it('sends a comment edited to hold a banned word back to pending, out of the counts', async () => {
      const policy = t.app.get(PostingPolicyService);
      const before = await policy.getBannedWords();
      const word = `blort${randomUUID().slice(0, 6)}`;
      await policy.setBannedWords([...before, word]);
      try {
        const id = await createArticle(t, author);
        const root = await postComment(t, author, id, 'root');
        const reply = await postComment(t, author, id, 'clean', root.id);
        expect(
          (await patch(reply.id, author.auth, { body: `now ${word}` }).expect(200)).body.status,
        ).toBe('pending');
        expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(
          1,
        );
        expect(
          (await t.http().get(`/api/v1/comments/${root.id}`).expect(200)).body.replyCount,
        ).toBe(0);
      } finally {
        await policy.setBannedWords(before);
      }
    });
  });

  describe('DELETE', () => {
    it('soft-deletes (204), repeats as 204, and keeps the counts exact', async () => {
      const id = await createArticle(t, author);
      const root = await postComment(t, author, id);
      const reply = await postComment(t, author, id, 'reply', root.id);
      await t.http().delete(`/api/v1/comments/${reply.id}`).set(author.auth).expect(204);
      await t.http().delete(`/api/v1/comments/${reply.id}`).set(author.auth).expect(204);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
      expect((await t.http().get(`/api/v1/comments/${root.id}`).expect(200)).body.replyCount).toBe(
        0,
      );
      const row = await prisma().comment.findUniqueOrThrow({ where: { id: reply.id } });
      expect(row.status).toBe('deleted');
    });

    it('counts once when deletes race', async () => {
      const id = await createArticle(t, author);
      const c = await postComment(t, author, id);
      await postComment(t, author, id);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http().delete(`/api/v1/comments/${c.id}`).set(author.auth),
        ),
      );
      expect(results.every((r) => r.status === 204)).toBe(true);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
    });

    it('401 without a token, 403 not_author, 404 for unknown ids', async () => {
      const c = await postComment(t, author, articleId);
      await t.http().delete(`/api/v1/comments/${c.id}`).expect(401);
      expect(
        (await t.http().delete(`/api/v1/comments/${c.id}`).set(other.auth).expect(403)).body.code,
      ).toBe('not_author');
      expect(
        (await t.http().delete(`/api/v1/comments/${randomUUID()}`).set(author.auth).expect(404))
          .body.code,
      ).toBe('comment_not_found');
      expect(
        (await t.http().delete('/api/v1/comments/x').set(author.auth).expect(404)).body.code,
      ).toBe('comment_not_found');
    });
  });
});
