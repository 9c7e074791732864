import { PrismaService } from '@parley/database';
import { AuthorErasureService, CommentModerationService } from '@parley/threads';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Long enough that only an invalidation, never the expiry, can make a change show within a test.
const LONG_TTL = { CACHE_TTL_MS: '60000' };

type Item = {
  id: string;
  body: string | null;
  likeCount: number;
  likedByMe: boolean;
  pinned: boolean;
  status: string;
};

function firstPage(t: TestApp, articleId: string, query = '', auth?: { Authorization: string }) {
  const request = t
    .http()
    .get(`/api/v1/articles/${encodeURIComponent(articleId)}/comments${query}`);
  return (auth ? request.set(auth) : request)
    .expect(200)
    .expect('content-type', /application\/json/);
}

async function items(
  t: TestApp,
  articleId: string,
  query = '',
  auth?: { Authorization: string },
): Promise<Item[]> {
  return (await firstPage(t, articleId, query, auth)).body.items as Item[];
}

/** Changes a body behind the service's back: only a cached page can still show the old one. */
async function rewriteDirectly(t: TestApp, commentId: string, body: string): Promise<void> {
  await t.app.get(PrismaService).comment.update({ where: { id: commentId }, data: { body } });
}

describe('anonymous first-page cache', () => {
  let t: TestApp;
  let staff: TestAccount;

  beforeAll(async () => {
    t = await createTestApp(LONG_TTL);
    staff = await registerStaff(t);
  });
  afterAll(() => t.close());

  it('serves anonymous first pages from the cache, but never signed-in readers or later pages', async () => {
    const articleId = await createArticle(t, staff);
    const [older, newer] = [
      await postComment(t, staff, articleId, 'older'),
      await postComment(t, staff, articleId, 'newer'),
    ];
    const warm = await firstPage(t, articleId, '?limit=1');
    await rewriteDirectly(t, newer.id, 'rewritten');
    await rewriteDirectly(t, older.id, 'rewritten too');
    expect((await items(t, articleId, '?limit=1'))[0].body).toBe('newer');
    expect((await items(t, articleId, '?limit=1', staff.auth))[0].body).toBe('rewritten');
    expect((await items(t, articleId, `?limit=1&cursor=${warm.body.nextCursor}`))[0].body).toBe(
      'rewritten too',
    );
    // Another limit or sort is another entry, built now.
    expect((await items(t, articleId, '?limit=2')).map((c) => c.body)).toEqual([
      'rewritten',
      'rewritten too',
    ]);
    expect((await items(t, articleId, '?sort=oldest&limit=1'))[0].body).toBe('rewritten too');
  });

  it('shows a new comment and a reply count on the next anonymous request', async () => {
    const articleId = await createArticle(t, staff);
    const first = await postComment(t, staff, articleId, 'first');
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([first.id]);
    const second = await postComment(t, staff, articleId, 'second');
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([second.id, first.id]);
    await postComment(t, staff, articleId, 'a reply', first.id);
    expect((await firstPage(t, articleId)).body.items[1].replyCount).toBe(1);
  });

  it('shows a like and an unlike on the next anonymous request', async () => {
    const articleId = await createArticle(t, staff);
    const c = await postComment(t, staff, articleId);
    expect((await items(t, articleId))[0].likeCount).toBe(0);
    await t.http().put(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
    expect((await items(t, articleId))[0].likeCount).toBe(1);
    await t.http().delete(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
    expect((await items(t, articleId))[0].likeCount).toBe(0);
  });

  it('shows an edit and a delete on the next anonymous request', async () => {
    const articleId = await createArticle(t, staff);
    const c = await postComment(t, staff, articleId, 'before');
    expect((await items(t, articleId))[0].body).toBe('before');
    await t
      .http()
      .patch(`/api/v1/comments/${c.id}`)
      .set(staff.auth)
      .send({ body: 'after' })
      .expect(200);
    expect((await items(t, articleId))[0].body).toBe('after');
    await t.http().delete(`/api/v1/comments/${c.id}`).set(staff.auth).expect(204);
    expect(await items(t, articleId)).toEqual([]);
  });

  it('shows moderation decisions (approve, reject, pin, unpin, remove all) on the next anonymous request', async () => {
    const moderation = t.app.get(CommentModerationService);
    const articleId = await createArticle(t, staff, { moderation: 'pre' });
    const held = await postComment(t, staff, articleId, 'held');
    expect(await items(t, articleId)).toEqual([]);
    await moderation.approve(held.id);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([held.id]);

    const other = await postComment(t, staff, articleId, 'other');
    await moderation.approve(other.id);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([other.id, held.id]);
    await moderation.pin(held.id);
    expect((await items(t, articleId)).map((c) => [c.id, c.pinned])).toEqual([
      [held.id, true],
      [other.id, false],
    ]);
    await moderation.unpin(held.id);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([other.id, held.id]);
    await moderation.reject(other.id);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([held.id]);

    const author = await registerStaff(t);
    const spam = await postComment(t, author, articleId, 'spam');
    await moderation.approve(spam.id);
    expect(await items(t, articleId)).toHaveLength(2);
    await moderation.removeAllByAuthor(author.id);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([held.id]);
  });

  it("shows an author's erasure on the next anonymous request", async () => {
    const articleId = await createArticle(t, staff);
    const author = await registerStaff(t);
    await postComment(t, author, articleId, 'mine');
    expect(await items(t, articleId)).toHaveLength(1);
    await t.app.get(AuthorErasureService).eraseAccountData(author.id);
    expect(await items(t, articleId)).toEqual([]);
  });

  it('never serves the anonymous page to signed-in readers: likedByMe and their own pending comments', async () => {
    const articleId = await createArticle(t, staff, { moderation: 'pre' });
    const shown = await postComment(t, staff, articleId, 'shown');
    await t.app.get(CommentModerationService).approve(shown.id);
    await t.http().put(`/api/v1/comments/${shown.id}/like`).set(staff.auth).expect(204);
    const reader = await registerAccount(t);
    await t.app
      .get(PrismaService)
      .complimentaryGrant.create({ data: { userId: reader.id, grantedBy: staff.id } });
    const pending = await postComment(t, reader, articleId, 'waiting');

    const anonymous = await items(t, articleId);
    expect(anonymous.map((c) => [c.id, c.likedByMe])).toEqual([[shown.id, false]]);
    expect((await items(t, articleId, '', staff.auth)).map((c) => [c.id, c.likedByMe])).toEqual([
      [pending.id, false],
      [shown.id, true],
    ]);
    expect((await items(t, articleId, '', reader.auth)).map((c) => [c.id, c.status])).toEqual([
      [pending.id, 'pending'],
      [shown.id, 'visible'],
    ]);
    expect((await items(t, articleId)).map((c) => c.id)).toEqual([shown.id]);
  });

  it('answers 404 for an unknown article, and then the article once it exists', async () => {
    const articleId = `cache-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await t.http().get(`/api/v1/articles/${articleId}/comments`).expect(404);
    await createArticle(t, staff, {}, articleId);
    expect(await items(t, articleId)).toEqual([]);
  });

  it('is off with CACHE_TTL_MS=0', async () => {
    const uncached = await createTestApp({ CACHE_TTL_MS: '0' });
    try {
      const articleId = await createArticle(uncached, staff);
      const c = await postComment(uncached, staff, articleId, 'before');
      expect((await items(uncached, articleId))[0].body).toBe('before');
      await rewriteDirectly(uncached, c.id, 'after');
      expect((await items(uncached, articleId))[0].body).toBe('after');
    } finally {
      await uncached.close();
    }
  });
});

describe('anonymous first-page cache across instances (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let staff: TestAccount;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      createTestApp({ ...LONG_TTL, REDIS_URL }),
      createTestApp({ ...LONG_TTL, REDIS_URL }),
    ]);
    staff = await registerStaff(a);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("each instance sees the other's invalidations", async () => {
    const articleId = await createArticle(a, staff);
    const first = await postComment(a, staff, articleId, 'first');
    expect((await items(a, articleId)).map((c) => c.id)).toEqual([first.id]);
    expect((await items(b, articleId)).map((c) => c.id)).toEqual([first.id]);

    const second = await postComment(a, staff, articleId, 'second');
    expect((await items(b, articleId)).map((c) => c.id)).toEqual([second.id, first.id]);
    await b.http().put(`/api/v1/comments/${first.id}/like`).set(staff.auth).expect(204);
    expect((await items(a, articleId))[1].likeCount).toBe(1);
    await b.app.get(CommentModerationService).reject(second.id);
    expect((await items(a, articleId)).map((c) => c.id)).toEqual([first.id]);
  });

  it('still caches on each instance while nothing changes', async () => {
    const articleId = await createArticle(a, staff);
    const c = await postComment(a, staff, articleId, 'original');
    await items(a, articleId);
    await items(b, articleId);
    await rewriteDirectly(a, c.id, 'rewritten');
    expect((await items(a, articleId))[0].body).toBe('original');
    expect((await items(b, articleId))[0].body).toBe('original');
  });
});
