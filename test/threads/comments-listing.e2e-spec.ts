import { CommentModerationService } from '@parley/threads';
import { randomUUID } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment, uniqueArticleId } from '../support/threads';

interface Item {
  id: string;
  body: string | null;
  author: unknown;
  status: string;
  likeCount: number;
  replyCount: number;
  pinned: boolean;
  likedByMe: boolean;
}

describe('reading comments', () => {
  let t: TestApp;
  let staff: TestAccount;
  let reader: TestAccount;
  const list = (articleId: string, query = '', auth?: Record<string, string>) => {
    const req = t.http().get(`/api/v1/articles/${encodeURIComponent(articleId)}/comments${query}`);
    return auth ? req.set(auth) : req;
  };
  const ids = (items: Item[]) => items.map((item) => item.id);

  async function pageThrough(
    articleId: string,
    sort: string,
    limit: number,
    auth?: Record<string, string>,
  ): Promise<Item[]> {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await list(articleId, query, auth).expect(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    t = await createTestApp();
    [staff, reader] = await Promise.all([registerStaff(t), registerAccount(t)]);
  });
  afterAll(() => t.close());

  describe('GET /articles/:articleId/comments', () => {
    it('pages newest, oldest and top without repeats or gaps', async () => {
      const id = await createArticle(t, staff);
      const posted: string[] = [];
      for (let i = 0; i < 7; i += 1) posted.push((await postComment(t, staff, id, `c${i}`)).id);
      const likers = await Promise.all([registerStaff(t), registerStaff(t)]);
      for (const liker of likers)
        await t.http().put(`/api/v1/comments/${posted[2]}/like`).set(liker.auth).expect(204);
      await t.http().put(`/api/v1/comments/${posted[5]}/like`).set(likers[0].auth).expect(204);

      expect(ids(await pageThrough(id, 'newest', 3))).toEqual([...posted].reverse());
      expect(ids(await pageThrough(id, 'oldest', 2))).toEqual(posted);
      const top = await pageThrough(id, 'top', 2);
      expect(ids(top)).toEqual([
        posted[2],
        posted[5],
        posted[6],
        posted[4],
        posted[3],
        posted[1],
        posted[0],
      ]);
      expect(top[0].likeCount).toBe(2);
      const first = await list(id).expect(200);
      expect(first.body.items).toHaveLength(7);
      expect(first.body.nextCursor).toBeNull();
    });

    it('lists top-level comments only, with reply counts', async () => {
      const id = await createArticle(t, staff);
      const root = await postComment(t, staff, id, 'root');
      await postComment(t, staff, id, 'reply', root.id);
      const res = await list(id).expect(200);
      expect(ids(res.body.items)).toEqual([root.id]);
      expect(res.body.items[0].replyCount).toBe(1);
    });

    it('puts pinned comments first on the first page of every sort, and never again', async () => {
      const id = await createArticle(t, staff);
      const a = await postComment(t, staff, id, 'a');
      const b = await postComment(t, staff, id, 'b');
      const c = await postComment(t, staff, id, 'c');
      await t.app.get(CommentModerationService).pin(a.id);
      for (const sort of ['newest', 'oldest', 'top']) {
        const page1 = await list(id, `?sort=${sort}&limit=1`).expect(200);
        expect(page1.body.items[0]).toMatchObject({ id: a.id, pinned: true });
        expect(page1.body.items).toHaveLength(2);
        const all = await pageThrough(id, sort, 1);
        expect(ids(all).filter((x) => x === a.id)).toHaveLength(1);
        expect(new Set(ids(all))).toEqual(new Set([a.id, b.id, c.id]));
      }
    });

    it('shows pending comments to their author and staff only', async () => {
      const id = await createArticle(t, staff, { moderation: 'pre' });
      const author = await registerStaff(t);
      const pending = await postComment(t, author, id, 'held');
      expect(pending.status).toBe('pending');
      expect((await list(id).expect(200)).body.items).toEqual([]);
      expect((await list(id, '', reader.auth).expect(200)).body.items).toEqual([]);
      expect(ids((await list(id, '', author.auth).expect(200)).body.items)).toEqual([pending.id]);
      expect(ids((await list(id, '', staff.auth).expect(200)).body.items)).toEqual([pending.id]);
      await t.http().get(`/api/v1/comments/${pending.id}`).expect(404);
      await t.http().get(`/api/v1/comments/${pending.id}`).set(reader.auth).expect(404);
      await t.http().get(`/api/v1/comments/${pending.id}`).set(author.auth).expect(200);
    });

    it('keeps deleted comments with visible replies as placeholders and drops the others', async () => {
      const id = await createArticle(t, staff);
      const withReply = await postComment(t, staff, id, 'secret text');
      await postComment(t, staff, id, 'a reply', withReply.id);
      const alone = await postComment(t, staff, id, 'alone');
      await t.http().delete(`/api/v1/comments/${withReply.id}`).set(staff.auth).expect(204);
      await t.http().delete(`/api/v1/comments/${alone.id}`).set(staff.auth).expect(204);
      const res = await list(id).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        id: withReply.id,
        body: null,
        author: null,
        status: 'deleted',
        replyCount: 1,
      });
      expect(JSON.stringify(res.body)).not.toContain('secret text');
      expect(
        (await t.http().get(`/api/v1/comments/${withReply.id}`).expect(200)).body,
      ).toMatchObject({ body: null, author: null });
      await t.http().get(`/api/v1/comments/${alone.id}`).expect(404);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
    });

    it('keeps a chain of placeholders while a visible reply lies below it, and drops it when that goes', async () => {
      const id = await createArticle(t, staff);
      const top = await postComment(t, staff, id, 'top');
      const middle = await postComment(t, staff, id, 'middle', top.id);
      const leaf = await postComment(t, staff, id, 'leaf', middle.id);
      await t.http().delete(`/api/v1/comments/${middle.id}`).set(staff.auth).expect(204);
      await t.http().delete(`/api/v1/comments/${top.id}`).set(staff.auth).expect(204);

      const page = (await list(id).expect(200)).body.items;
      expect(page).toEqual([
        expect.objectContaining({ id: top.id, status: 'deleted', body: null, replyCount: 1 }),
      ]);
      const replies = (await t.http().get(`/api/v1/comments/${top.id}/replies`).expect(200)).body
        .items;
      expect(replies).toEqual([
        expect.objectContaining({ id: middle.id, status: 'deleted', body: null, replyCount: 1 }),
      ]);
      const leaves = (await t.http().get(`/api/v1/comments/${middle.id}/replies`).expect(200)).body
        .items;
      expect(leaves).toEqual([
        expect.objectContaining({ id: leaf.id, status: 'visible', body: 'leaf' }),
      ]);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);

      await t.http().delete(`/api/v1/comments/${leaf.id}`).set(staff.auth).expect(204);
      expect((await list(id).expect(200)).body.items).toEqual([]);
      await t.http().get(`/api/v1/comments/${top.id}`).expect(404);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(0);
    });

    it('shows likedByMe to the signed-in reader only', async () => {
      const id = await createArticle(t, staff);
      const c = await postComment(t, staff, id);
      await t.http().put(`/api/v1/comments/${c.id}/like`).set(staff.auth).expect(204);
      expect((await list(id, '', staff.auth).expect(200)).body.items[0].likedByMe).toBe(true);
      expect((await list(id, '', reader.auth).expect(200)).body.items[0].likedByMe).toBe(false);
      expect((await list(id).expect(200)).body.items[0].likedByMe).toBe(false);
    });

    it('refuses a bad token on a public route with 401', async () => {
      const id = await createArticle(t, staff);
      await list(id, '', { Authorization: 'Bearer nope' }).expect(401);
    });

    it('404 for an unknown article', async () => {
      expect((await list(uniqueArticleId()).expect(404)).body.code).toBe('article_not_found');
    });

    it.each([
      '?sort=best',
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?limit=1.5',
      '?cursor=garbage!',
      '?cursor=eyJrIjoibmV3ZXN0In0',
      '?page=2',
    ])('refuses bad query #%# with 400', async (query) => {
      const id = await createArticle(t, staff);
      expect((await list(id, query).expect(400)).body.code).toBe('validation_failed');
    });

    it('takes a limit only as plain decimal digits, refused with one message otherwise (lists and replies)', async () => {
      const id = await createArticle(t, staff);
      const root = await postComment(t, staff, id);
      for (let i = 0; i < 3; i += 1) await postComment(t, staff, id);
      expect((await list(id, '?limit=2').expect(200)).body.items).toHaveLength(2);
      expect((await list(id, '?limit=02').expect(200)).body.items).toHaveLength(2);
      const message = 'limit must be a whole number from 1 to 100, in decimal digits';
      for (const limit of [
        '0x10',
        '1e1',
        '%2B5',
        '%205',
        '5%20',
        '-1',
        '2.0',
        '',
        'abc',
        '5&limit=6',
      ]) {
        for (const path of [
          `/api/v1/articles/${id}/comments?limit=${limit}`,
          `/api/v1/comments/${root.id}/replies?limit=${limit}`,
        ]) {
          const res = await t.http().get(path).expect(400);
          expect(res.body).toMatchObject({ code: 'validation_failed' });
          expect(res.body.details).toEqual([{ field: 'limit', message }]);
        }
      }
    });

    it('refuses a cursor from another sort and a tampered cursor', async () => {
      const id = await createArticle(t, staff);
      for (let i = 0; i < 3; i += 1) await postComment(t, staff, id);
      const { nextCursor } = (await list(id, '?sort=newest&limit=1').expect(200)).body;
      await list(id, `?sort=newest&limit=1&cursor=${nextCursor}`).expect(200);
      await list(id, `?sort=oldest&cursor=${nextCursor}`).expect(400);
      await list(id, `?sort=top&cursor=${nextCursor}`).expect(400);
      const decoded = JSON.parse(Buffer.from(nextCursor, 'base64url').toString());
      const tampered = Buffer.from(JSON.stringify({ ...decoded, i: 'not-a-uuid' })).toString(
        'base64url',
      );
      await list(id, `?cursor=${tampered}`).expect(400);
      await list(id, `?cursor=${nextCursor.slice(0, -3)}`).expect(400);
    });

    it('never repeats or skips a comment while others are posted concurrently', async () => {
      const id = await createArticle(t, staff);
      const existing: string[] = [];
      for (let i = 0; i < 24; i += 1) existing.push((await postComment(t, staff, id, `e${i}`)).id);
      const writers = await Promise.all([registerStaff(t), registerStaff(t), registerStaff(t)]);
      let writing = true;
      const posting = Promise.all(
        writers.map(async (writer) => {
          let n = 0;
          while (writing && n < 15) {
            await postComment(t, writer, id, `w${(n += 1)}`);
          }
        }),
      );
      const seenNewest: Item[] = [];
      const seenOldest: Item[] = [];
      for (const [sort, seen] of [
        ['newest', seenNewest],
        ['oldest', seenOldest],
      ] as const) {
        let cursor: string | null = null;
        do {
          const res: { body: { items: Item[]; nextCursor: string | null } } = await list(
            id,
            `?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
          ).expect(200);
          seen.push(...res.body.items);
          cursor = res.body.nextCursor;
        } while (cursor);
      }
      writing = false;
      await posting;
      for (const seen of [seenNewest, seenOldest]) {
        expect(new Set(ids(seen)).size).toBe(seen.length);
        expect(ids(seen)).toEqual(expect.arrayContaining(existing));
      }
    });
  });

  describe('GET /comments/:commentId/replies', () => {
    it('pages direct replies oldest first', async () => {
      const id = await createArticle(t, staff);
      const root = await postComment(t, staff, id, 'root');
      const replies: string[] = [];
      for (let i = 0; i < 5; i += 1)
        replies.push((await postComment(t, staff, id, `r${i}`, root.id)).id);
      await postComment(t, staff, id, 'grandchild', replies[0]);
      const first = await t.http().get(`/api/v1/comments/${root.id}/replies?limit=2`).expect(200);
      expect(ids(first.body.items)).toEqual(replies.slice(0, 2));
      const seen = [...first.body.items];
      let cursor = first.body.nextCursor;
      while (cursor) {
        const res = await t
          .http()
          .get(`/api/v1/comments/${root.id}/replies?limit=2&cursor=${cursor}`)
          .expect(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      }
      expect(ids(seen)).toEqual(replies);
      expect(seen[0].replyCount).toBe(1);
    });

    it('404 for unknown or malformed ids, 400 for bad queries and cursors of lists', async () => {
      await t.http().get(`/api/v1/comments/${randomUUID()}/replies`).expect(404);
      await t.http().get('/api/v1/comments/nope/replies').expect(404);
      const id = await createArticle(t, staff);
      const root = await postComment(t, staff, id);
      await postComment(t, staff, id);
      await postComment(t, staff, id);
      await t.http().get(`/api/v1/comments/${root.id}/replies?limit=0`).expect(400);
      await t.http().get(`/api/v1/comments/${root.id}/replies?sort=newest`).expect(400);
      const { nextCursor } = (await list(id, '?sort=oldest&limit=1').expect(200)).body;
      await t.http().get(`/api/v1/comments/${root.id}/replies?cursor=${nextCursor}`).expect(400);
    });
  });

  describe('GET /comments/:commentId', () => {
    it('is public, and 404 comment_not_found for unknown and malformed ids', async () => {
      const id = await createArticle(t, staff);
      const c = await postComment(t, staff, id, 'hello');
      expect((await t.http().get(`/api/v1/comments/${c.id}`).expect(200)).body).toMatchObject({
        id: c.id,
        body: 'hello',
        articleId: id,
      });
      expect((await t.http().get(`/api/v1/comments/${randomUUID()}`).expect(404)).body.code).toBe(
        'comment_not_found',
      );
      expect((await t.http().get('/api/v1/comments/123').expect(404)).body.code).toBe(
        'comment_not_found',
      );
    });
  });
});
