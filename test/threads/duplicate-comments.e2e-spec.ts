import { PrismaService } from '@parley/database';
import { BodyClaimRetention } from '@parley/threads';
import { registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

/** Contract part 2: the same body again by the same user on the same article within 10 minutes. */
describe('duplicate comments (409 duplicate_comment)', () => {
  let t: TestApp;
  let author: TestAccount;
  let other: TestAccount;
  const url = (id: string) => `/api/v1/articles/${encodeURIComponent(id)}/comments`;
  const post = (who: TestAccount, articleId: string, body: unknown, key?: string) => {
    const req = t.http().post(url(articleId)).set(who.auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  const expectDuplicate = (res: { status: number; body: { code: string; statusCode: number } }) => {
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'duplicate_comment' });
  };
  const count = async (articleId: string) =>
    (
      await t
        .http()
        .get(`/api/v1/articles/${encodeURIComponent(articleId)}`)
        .expect(200)
    ).body.commentCount;
  /** Makes this author's claims on the article look `minutes` old. */
  const age = (who: TestAccount, articleId: string, minutes: number) =>
    t.app.get(PrismaService).$executeRaw`
      UPDATE comment_body_claims SET created_at = now() - make_interval(mins => ${minutes})
      WHERE user_id = ${who.id}::uuid AND article_id = ${articleId}`;

  beforeAll(async () => {
    t = await createTestApp();
    [author, other] = await Promise.all([registerStaff(t), registerStaff(t)]);
  });
  afterAll(() => t.close());

  it('refuses the same text again, trimmed or not, and stores and counts it once', async () => {
    const articleId = await createArticle(t, author);
    await post(author, articleId, { body: 'Same words' }).expect(201);
    expectDuplicate(await post(author, articleId, { body: 'Same words' }));
    expectDuplicate(await post(author, articleId, { body: '  Same words \n' }));
    expect(await count(articleId)).toBe(1);
    const list = await t.http().get(url(articleId)).expect(200);
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['Same words']);
  });

  it('compares the text exactly: another case, another word or another article is a new post', async () => {
    const [first, second] = [await createArticle(t, author), await createArticle(t, author)];
    await post(author, first, { body: 'Agreed' }).expect(201);
    await post(author, first, { body: 'agreed' }).expect(201);
    await post(author, first, { body: 'Agreed!' }).expect(201);
    await post(author, second, { body: 'Agreed' }).expect(201);
    await post(other, first, { body: 'Agreed' }).expect(201);
    expect(await count(first)).toBe(4);
  });

  it('counts replies on the same article: the same text as a reply is a duplicate too', async () => {
    const articleId = await createArticle(t, author);
    const parent = await postComment(t, other, articleId);
    await post(author, articleId, { body: 'Me too', parentId: parent.id }).expect(201);
    expectDuplicate(await post(author, articleId, { body: 'Me too' }));
    expectDuplicate(await post(author, articleId, { body: 'Me too', parentId: parent.id }));
    const replies = await t.http().get(`/api/v1/comments/${parent.id}/replies`).expect(200);
    expect(replies.body.items).toHaveLength(1);
    expect((await t.http().get(`/api/v1/comments/${parent.id}`).expect(200)).body.replyCount).toBe(
      1,
    );
  });

  it('refuses a duplicate of a pending comment too', async () => {
    const articleId = await createArticle(t, author, { moderation: 'pre' });
    expect((await post(author, articleId, { body: 'Waiting' }).expect(201)).body.status).toBe(
      'pending',
    );
    expectDuplicate(await post(author, articleId, { body: 'Waiting' }));
  });

  it("answers the first post's Idempotency-Key with the first comment, any other key with 409", async () => {
    const articleId = await createArticle(t, author);
    const first = await post(author, articleId, { body: 'Keyed' }, 'key-one').expect(201);
    const retry = await post(author, articleId, { body: 'Keyed' }, 'key-one').expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expectDuplicate(await post(author, articleId, { body: 'Keyed' }, 'key-two'));
    expectDuplicate(await post(author, articleId, { body: 'Keyed' }));
    await post(author, articleId, { body: 'Unkeyed' }).expect(201);
    expectDuplicate(await post(author, articleId, { body: 'Unkeyed' }, 'key-three'));
    expect(await count(articleId)).toBe(2);
  });

  it('allows the same text again once the first post is 10 minutes old', async () => {
    const articleId = await createArticle(t, author);
    await post(author, articleId, { body: 'Bump' }).expect(201);
    await age(author, articleId, 9);
    expectDuplicate(await post(author, articleId, { body: 'Bump' }));
    await age(author, articleId, 10);
    await post(author, articleId, { body: 'Bump' }).expect(201);
    expectDuplicate(await post(author, articleId, { body: 'Bump' }));
    expect(await count(articleId)).toBe(2);
  });

  it('lets exactly one of identical posts sent at the same instant through', async () => {
    const articleId = await createArticle(t, author);
    const parent = await postComment(t, other, articleId);
    for (const extra of [{}, { parentId: parent.id }]) {
      const body = { body: `Racing ${JSON.stringify(extra)}`, ...extra };
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => post(author, articleId, body)),
      );
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      for (const res of answers.filter((r) => r.status === 409)) expectDuplicate(res);
    }
    expect(await count(articleId)).toBe(3);
  });

  it('lets retries with the same Idempotency-Key racing each other all answer the one comment', async () => {
    const articleId = await createArticle(t, author);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post(author, articleId, { body: 'Retried' }, 'race-key')),
    );
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
    expect(await count(articleId)).toBe(1);
  });

  it('sweeps claims older than the window and keeps the recent ones', async () => {
    const articleId = await createArticle(t, author);
    await post(author, articleId, { body: 'Old news' }).expect(201);
    await age(author, articleId, 11);
    await post(author, articleId, { body: 'Fresh news' }).expect(201);
    await t.app.get(BodyClaimRetention).purgeExpired(new Date());
    const left = await t.app.get(PrismaService).commentBodyClaim.findMany({
      where: { userId: author.id, articleId },
    });
    expect(left).toHaveLength(1);
    expectDuplicate(await post(author, articleId, { body: 'Fresh news' }));
    await post(author, articleId, { body: 'Old news' }).expect(201);
  });
});
