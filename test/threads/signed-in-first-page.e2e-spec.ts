import { CommentReadingService } from '@parley/threads';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { grantPosting } from '../support/mail';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

interface Item {
  id: string;
  likedByMe: boolean;
  status: string;
}

/**
 * A signed-in reader's first page is the anonymous page (cached) with their likes marked; one who
 * has a comment waiting for moderation on the article, and staff, get a page built for them.
 */
describe('a signed-in first page', () => {
  let t: TestApp;
  let admin: TestAccount;
  let reader: TestAccount;
  let reads: jest.SpyInstance;
  /** Pages built for a signed-in reader (the anonymous page is built without one). */
  const builtForReaders = () => reads.mock.calls.filter((call) => call[3] !== undefined).length;
  const list = (articleId: string, auth?: Record<string, string>, query = '') => {
    const req = t.http().get(`/api/v1/articles/${encodeURIComponent(articleId)}/comments${query}`);
    return auth ? req.set(auth) : req;
  };
  const like = (account: TestAccount, commentId: string) =>
    t.http().put(`/api/v1/comments/${commentId}/like`).set(account.auth).expect(204);

  beforeAll(async () => {
    t = await createTestApp({ CACHE_TTL_MS: '60000' });
    [admin, reader] = await Promise.all([registerStaff(t, 'admin'), registerAccount(t)]);
    await grantPosting(t, admin, reader);
    reads = jest.spyOn(t.app.get(CommentReadingService), 'list');
  });
  beforeEach(() => reads.mockClear());
  afterAll(() => t.close());

  it('is the anonymous page, byte for byte, with only their own likes marked', async () => {
    const articleId = await createArticle(t, admin);
    const [a, b, c] = [
      await postComment(t, admin, articleId),
      await postComment(t, admin, articleId),
      await postComment(t, admin, articleId),
    ];
    await like(reader, b.id);
    await like(admin, c.id);
    const anonymous = await list(articleId).expect(200);
    reads.mockClear();

    const mine = await list(articleId, reader.auth).expect(200);
    expect(builtForReaders()).toBe(0);
    const liked = (mine.body.items as Item[]).filter((item) => item.likedByMe).map((i) => i.id);
    expect(liked).toEqual([b.id]);
    const unmarked = (mine.body.items as Item[]).map((item) => ({ ...item, likedByMe: false }));
    expect(unmarked).toEqual(anonymous.body.items);
    expect(mine.body.nextCursor).toEqual(anonymous.body.nextCursor);
    expect(mine.headers['cache-control']).toBe('private, no-store');

    // Liking nothing on it: the very bytes of the anonymous answer.
    const other = await registerAccount(t);
    expect((await list(articleId, other.auth).expect(200)).text).toBe(anonymous.text);
    expect(builtForReaders()).toBe(0);

    // A like shows on the next read, an unlike too.
    await like(reader, a.id);
    let items = (await list(articleId, reader.auth).expect(200)).body.items as Item[];
    expect(
      items
        .filter((item) => item.likedByMe)
        .map((i) => i.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    await t.http().delete(`/api/v1/comments/${b.id}/like`).set(reader.auth).expect(204);
    items = (await list(articleId, reader.auth).expect(200)).body.items as Item[];
    expect(items.filter((item) => item.likedByMe).map((i) => i.id)).toEqual([a.id]);
  });

  it('shows a reader their own comment waiting for moderation, and nobody else', async () => {
    const articleId = await createArticle(t, admin, { moderation: 'pre' });
    const held = await postComment(t, reader, articleId, 'held for a moderator');
    expect(held.status).toBe('pending');
    const other = await registerAccount(t);

    expect((await list(articleId).expect(200)).body.items).toEqual([]);
    expect((await list(articleId, other.auth).expect(200)).body.items).toEqual([]);
    reads.mockClear();
    const mine = (await list(articleId, reader.auth).expect(200)).body.items as Item[];
    expect(mine.map((item) => [item.id, item.status])).toEqual([[held.id, 'pending']]);
    expect(builtForReaders()).toBe(1);
    // Staff see every waiting comment: their pages are built for them.
    const staff = (await list(articleId, admin.auth).expect(200)).body.items as Item[];
    expect(staff.map((item) => item.id)).toEqual([held.id]);
    expect(builtForReaders()).toBe(2);
  });

  it('answers 404 for an unknown article and builds later pages for the reader', async () => {
    expect((await list('no-such-article', reader.auth).expect(404)).body.code).toBe(
      'article_not_found',
    );
    const articleId = await createArticle(t, admin);
    await postComment(t, admin, articleId);
    const second = await postComment(t, admin, articleId);
    await like(reader, second.id);
    const first = await list(articleId, reader.auth, '?limit=1').expect(200);
    reads.mockClear();
    const next = await list(
      articleId,
      reader.auth,
      `?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    ).expect(200);
    expect(builtForReaders()).toBe(1);
    expect((next.body.items as Item[]).length).toBe(1);
    const all = [...first.body.items, ...next.body.items] as Item[];
    expect(all.find((item) => item.id === second.id)?.likedByMe).toBe(true);
  });
});
