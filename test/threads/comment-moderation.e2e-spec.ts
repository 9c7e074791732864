import { PrismaService } from '@parley/database';
import { AuthorErasureService, CommentModerationService } from '@parley/threads';
import { randomUUID } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

describe(CommentModerationService.name, () => {
  let t: TestApp;
  let staff: TestAccount;
  let moderation: CommentModerationService;
  const commentCount = async (id: string) =>
    (await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount as number;
  const replyCount = async (id: string) =>
    (await t.app.get(PrismaService).comment.findUniqueOrThrow({ where: { id } })).replyCount;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await registerStaff(t);
    moderation = t.app.get(CommentModerationService);
  });
  afterAll(() => t.close());

  it('approves a pending comment once when two approvals race, and counts it once', async () => {
    const id = await createArticle(t, staff, { moderation: 'pre' });
    const c = await postComment(t, staff, id);
    const results = await Promise.all([moderation.approve(c.id), moderation.approve(c.id)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await commentCount(id)).toBe(1);
    expect(await moderation.approve(c.id)).toBe(false);
  });

  it('lists pending comments oldest first, by article, with a cursor', async () => {
    const id = await createArticle(t, staff, { moderation: 'pre' });
    const posted = [];
    for (let i = 0; i < 3; i += 1) posted.push((await postComment(t, staff, id, `p${i}`)).id);
    const first = await moderation.listPending({ articleId: id, limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual(posted.slice(0, 2));
    const second = await moderation.listPending({
      articleId: id,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((c) => c.id)).toEqual([posted[2]]);
    expect(second.nextCursor).toBeNull();
    await expect(moderation.listPending({ limit: 2, cursor: 'bogus' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lists reported comments with counts by reason and notes; approval resolves the reports', async () => {
    const id = await createArticle(t, staff);
    const c = await postComment(t, staff, id);
    const [a, b] = await Promise.all([registerAccount(t), registerAccount(t)]);
    await t
      .http()
      .post(`/api/v1/comments/${c.id}/reports`)
      .set(a.auth)
      .send({ reason: 'spam', note: 'ads' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/comments/${c.id}/reports`)
      .set(b.auth)
      .send({ reason: 'abuse' })
      .expect(201);
    const { items } = await moderation.listReported({ articleId: id, limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0].reportCounts).toEqual({ spam: 1, abuse: 1, off_topic: 0, other: 0 });
    expect(items[0].latestNotes.map((n) => n.note)).toEqual(['ads']);
    expect(await moderation.approve(c.id)).toBe(true);
    expect((await moderation.listReported({ articleId: id, limit: 10 })).items).toEqual([]);
  });

  it('rejects (→ removed) once and keeps reply and comment counts exact', async () => {
    const id = await createArticle(t, staff);
    const root = await postComment(t, staff, id);
    const reply = await postComment(t, staff, id, 'r', root.id);
    const results = await Promise.all([moderation.reject(reply.id), moderation.reject(reply.id)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await commentCount(id)).toBe(1);
    expect(await replyCount(root.id)).toBe(0);
    await t.http().get(`/api/v1/comments/${reply.id}`).expect(404);
    await expect(moderation.reject(randomUUID())).rejects.toMatchObject({
      code: 'comment_not_found',
    });
  });

  it('pins top-level comments only', async () => {
    const id = await createArticle(t, staff);
    const root = await postComment(t, staff, id);
    const reply = await postComment(t, staff, id, 'r', root.id);
    expect(await moderation.pin(root.id)).toBe(true);
    expect(await moderation.pin(root.id)).toBe(false);
    await expect(moderation.pin(reply.id)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await moderation.unpin(root.id)).toBe(true);
  });

  it('removes all of an author’s visible comments with exact counts', async () => {
    const author = await registerStaff(t);
    const id = await createArticle(t, staff);
    const root = await postComment(t, author, id);
    await postComment(t, author, id, 'own reply', root.id);
    const theirs = await postComment(t, staff, id, 'staff reply', root.id);
    expect(await moderation.removeAllByAuthor(author.id)).toBe(2);
    expect(await commentCount(id)).toBe(1);
    expect(await replyCount(root.id)).toBe(1);
    const page = await t.http().get(`/api/v1/articles/${id}/comments`).expect(200);
    expect(page.body.items[0]).toMatchObject({
      id: root.id,
      status: 'removed',
      body: null,
      author: null,
    });
    expect(
      (await t.http().get(`/api/v1/comments/${root.id}/replies`).expect(200)).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([theirs.id]);
  });

  it('erases an author: comments deleted, bodies blanked, revisions gone, counts exact', async () => {
    const author = await registerStaff(t);
    const id = await createArticle(t, staff);
    const c = await postComment(t, author, id, 'private words');
    await t
      .http()
      .patch(`/api/v1/comments/${c.id}`)
      .set(author.auth)
      .send({ body: 'more private words' })
      .expect(200);
    await postComment(t, staff, id, 'reply', c.id);
    await t.app.get(AuthorErasureService).eraseAccountData(author.id);
    const prisma = t.app.get(PrismaService);
    const row = await prisma.comment.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ status: 'deleted', body: '' });
    expect(await prisma.commentRevision.count({ where: { commentId: c.id } })).toBe(0);
    expect(await commentCount(id)).toBe(1);
    expect((await t.http().get(`/api/v1/comments/${c.id}`).expect(200)).body).toMatchObject({
      body: null,
      author: null,
    });
  });
});
