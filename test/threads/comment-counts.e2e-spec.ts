import { PrismaService } from '@parley/database';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

/**
 * An article's comment count is spread over up to 16 shard rows (each change adds to one picked at
 * random) so that concurrent posts to one busy article do not queue on a single row lock. These
 * specs race posts, replies, deletions and removals on one article and check that the count the
 * API shows still equals the visible comments.
 */
describe('article comment counts under concurrent changes', () => {
  let t: TestApp;
  let prisma: PrismaService;
  let moderator: TestAccount;
  let subscribers: TestAccount[];

  const article = async (id: string) =>
    (
      await t
        .http()
        .get(`/api/v1/articles/${encodeURIComponent(id)}`)
        .expect(200)
    ).body as {
      commentCount: number;
    };
  const listed = async (ids: string[]) =>
    (
      await t
        .http()
        .get('/api/v1/articles')
        .query({ ids: ids.join(',') })
        .expect(200)
    ).body.items;
  const visibleComments = (articleId: string) =>
    prisma.comment.count({ where: { articleId, status: 'visible' } });
  const shards = (articleId: string) =>
    prisma.articleCommentCount.findMany({ where: { articleId }, orderBy: { shard: 'asc' } });
  const reject = (commentId: string) =>
    t
      .http()
      .post(`/api/v1/moderation/comments/${commentId}/reject`)
      .set(moderator.auth)
      .send({ reason: 'off topic' });
  const remove = (author: TestAccount, commentId: string) =>
    t.http().delete(`/api/v1/comments/${commentId}`).set(author.auth);

  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
    moderator = await registerStaff(t);
    subscribers = await Promise.all(Array.from({ length: 30 }, () => registerAccount(t)));
    await prisma.complimentaryGrant.createMany({
      data: subscribers.map((s) => ({ userId: s.id, grantedBy: moderator.id })),
    });
  });
  afterAll(() => t.close());

  it('counts 30 subscribers posting at once to one article, then racing replies, deletions and removals', async () => {
    const articleId = await createArticle(t, moderator);
    const first = await Promise.all(
      subscribers.map((s, i) => postComment(t, s, articleId, `First wave ${i}`)),
    );
    expect((await article(articleId)).commentCount).toBe(30);
    expect(await visibleComments(articleId)).toBe(30);

    // A second wave: new posts, replies (counted inside their transaction), authors deleting,
    // a moderator rejecting, and repeats of both that must change nothing.
    const results = await Promise.all([
      ...subscribers.slice(0, 10).map((s, i) => postComment(t, s, articleId, `Second wave ${i}`)),
      ...subscribers
        .slice(10, 15)
        .map((s, i) => postComment(t, s, articleId, `Reply ${i}`, first[20 + i].id)),
      ...[15, 16, 17, 18].map((i) => remove(subscribers[i], first[i].id).expect(204)),
      remove(subscribers[15], first[15].id).expect(204),
      ...[25, 26, 27, 28].map((i) => reject(first[i].id).expect(200)),
      reject(first[25].id).expect(200),
    ]);
    expect(results).toHaveLength(10 + 5 + 4 + 1 + 4 + 1);

    const expected = 30 + 10 + 5 - 4 - 4;
    expect(await visibleComments(articleId)).toBe(expected);
    expect((await article(articleId)).commentCount).toBe(expected);
    expect(await listed([articleId])).toEqual([{ id: articleId, commentCount: expected }]);

    const rows = await shards(articleId);
    expect(rows.every((row) => row.shard >= 0 && row.shard <= 15)).toBe(true);
    expect(rows.reduce((total, row) => total + row.n, 0)).toBe(expected);
    // 53 changes all on one shard would mean the writes are not spread (odds of 16^-52 otherwise).
    expect(rows.length).toBeGreaterThan(1);
  });

  it('keeps every article right when bans remove comments on several articles at once', async () => {
    const [a, b] = await Promise.all([createArticle(t, moderator), createArticle(t, moderator)]);
    const banned = await Promise.all([registerAccount(t), registerAccount(t)]);
    await prisma.complimentaryGrant.createMany({
      data: banned.map((s) => ({ userId: s.id, grantedBy: moderator.id })),
    });
    for (const author of banned) {
      for (const articleId of [a, b]) {
        await postComment(t, author, articleId, 'Spam');
        await postComment(t, author, articleId, 'More spam');
      }
    }
    const posters = subscribers.slice(0, 6);

    // Each ban counts both articles in one transaction (shard rows locked in article id order),
    // while others keep posting to the same two articles.
    await Promise.all([
      ...banned.map((author) =>
        t
          .http()
          .post(`/api/v1/moderation/users/${author.id}/ban`)
          .set(moderator.auth)
          .send({ removeComments: true })
          .expect(200),
      ),
      ...posters.map((s, i) => postComment(t, s, i % 2 ? a : b, `Meanwhile ${i}`)),
    ]);

    for (const articleId of [a, b]) {
      expect(await visibleComments(articleId)).toBe(3);
      expect((await article(articleId)).commentCount).toBe(3);
    }
    expect(await listed([b, a])).toEqual([
      { id: b, commentCount: 3 },
      { id: a, commentCount: 3 },
    ]);
  });

  it('an article nobody has commented on counts 0 and has no shard rows', async () => {
    const articleId = await createArticle(t, moderator);
    expect((await article(articleId)).commentCount).toBe(0);
    expect(await listed([articleId])).toEqual([{ id: articleId, commentCount: 0 }]);
    expect(await shards(articleId)).toEqual([]);
  });

  it('returns the current count from PUT /articles (the CMS update)', async () => {
    const articleId = await createArticle(t, moderator);
    await Promise.all(subscribers.slice(0, 3).map((s) => postComment(t, s, articleId)));
    const res = await t
      .http()
      .put(`/api/v1/articles/${encodeURIComponent(articleId)}`)
      .set(moderator.auth)
      .send({ title: 'Retitled' })
      .expect(200);
    expect(res.body).toMatchObject({ id: articleId, title: 'Retitled', commentCount: 3 });
  });
});
