import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment, uniqueArticleId } from '../support/threads';

describe('articles', () => {
  let t: TestApp;
  let editor: TestAccount;
  let admin: TestAccount;
  let reader: TestAccount;
  beforeAll(async () => {
    t = await createTestApp();
    [editor, admin, reader] = await Promise.all([
      registerStaff(t),
      registerStaff(t, 'admin'),
      registerAccount(t),
    ]);
  });
  afterAll(() => t.close());

  describe('PUT /articles/:articleId', () => {
    it('creates (201) with defaults, then updates (200) keeping omitted fields', async () => {
      const id = uniqueArticleId();
      const created = await t
        .http()
        .put(`/api/v1/articles/${id}`)
        .set(editor.auth)
        .send({ title: 'First', url: 'https://news.example/a', moderation: 'pre' })
        .expect(201);
      expect(created.body).toEqual({
        id,
        title: 'First',
        url: 'https://news.example/a',
        state: 'open',
        moderation: 'pre',
        commentCount: 0,
        audience: 'subscribers',
        plans: [],
        closesAt: null,
        slowModeSeconds: 0,
        premoderatedUntil: null,
      });
      const updated = await t
        .http()
        .put(`/api/v1/articles/${id}`)
        .set(admin.auth)
        .send({ title: 'Second', state: 'closed' })
        .expect(200);
      expect(updated.body).toEqual({
        id,
        title: 'Second',
        url: 'https://news.example/a',
        state: 'closed',
        moderation: 'pre',
        commentCount: 0,
        audience: 'subscribers',
        plans: [],
        closesAt: null,
        slowModeSeconds: 0,
        premoderatedUntil: null,
      });
      const cleared = await t
        .http()
        .put(`/api/v1/articles/${id}`)
        .set(admin.auth)
        .send({ title: 'Third', url: null })
        .expect(200);
      expect(cleared.body.url).toBeNull();
    });

    it('accepts ids with slashes sent as %2F, and the other allowed characters', async () => {
      const id = `politics/2027/${uniqueArticleId()}:v1.2_x`;
      await t
        .http()
        .put(`/api/v1/articles/${encodeURIComponent(id)}`)
        .set(editor.auth)
        .send({ title: 'Slashes' })
        .expect(201);
      const res = await t
        .http()
        .get(`/api/v1/articles/${encodeURIComponent(id)}`)
        .expect(200);
      expect(res.body.id).toBe(id);
    });

    it('gives one 201 and one 200 when two creations race', async () => {
      const id = uniqueArticleId();
      const results = await Promise.all(
        [1, 2].map(() =>
          t.http().put(`/api/v1/articles/${id}`).set(editor.auth).send({ title: 'Race' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    });

    it('needs a token (401) and a staff role (403)', async () => {
      const id = uniqueArticleId();
      expect(
        (await t.http().put(`/api/v1/articles/${id}`).send({ title: 'x' }).expect(401)).body.code,
      ).toBe('unauthenticated');
      expect(
        (
          await t
            .http()
            .put(`/api/v1/articles/${id}`)
            .set(reader.auth)
            .send({ title: 'x' })
            .expect(403)
        ).body.code,
      ).toBe('forbidden');
    });

    it.each([
      [{}, 'title'],
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ title: 42 }, 'title'],
      [{ title: 'ok', url: 'ftp://x.example/a' }, 'url'],
      [{ title: 'ok', url: 'not a url' }, 'url'],
      [{ title: 'ok', url: `https://x.example/${'a'.repeat(2000)}` }, 'url'],
      [{ title: 'ok', state: 'archived' }, 'state'],
      [{ title: 'ok', moderation: 'none' }, 'moderation'],
      [{ title: 'ok', commentCount: 5 }, 'commentCount'],
    ])('refuses bad body #%# with 400', async (body, field) => {
      const res = await t
        .http()
        .put(`/api/v1/articles/${uniqueArticleId()}`)
        .set(editor.auth)
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it.each(['bad id', 'x'.repeat(201), 'emoji-😀', 'a%3Fb'])(
      'refuses malformed article id #%# with 400',
      async (id) => {
        const res = await t
          .http()
          .put(`/api/v1/articles/${encodeURIComponent(id)}`)
          .set(editor.auth)
          .send({ title: 'ok' })
          .expect(400);
        expect(res.body.code).toBe('validation_failed');
      },
    );
  });

  describe('GET /articles/:articleId', () => {
    it('is public and counts visible comments', async () => {
      const id = await createArticle(t, editor);
      await postComment(t, editor, id);
      const res = await t.http().get(`/api/v1/articles/${id}`).expect(200);
      expect(res.body).toMatchObject({
        id,
        title: 'A story',
        url: null,
        state: 'open',
        moderation: 'post',
        commentCount: 1,
      });
    });

    it.each([uniqueArticleId(), 'bad%20id', 'x'.repeat(201)])(
      'is a 404 article_not_found for unknown or malformed id #%#',
      async (id) => {
        expect((await t.http().get(`/api/v1/articles/${id}`).expect(404)).body.code).toBe(
          'article_not_found',
        );
      },
    );
  });

  describe('GET /articles?ids=', () => {
    it('answers counts for known ids in the order asked, leaving unknown ones out', async () => {
      const [a, b] = [await createArticle(t, editor), await createArticle(t, editor)];
      await postComment(t, editor, b);
      await postComment(t, editor, b);
      const res = await t
        .http()
        .get(`/api/v1/articles?ids=${b},${uniqueArticleId()},${a},${b}`)
        .expect(200);
      expect(res.body).toEqual({
        items: [
          { id: b, commentCount: 2 },
          { id: a, commentCount: 0 },
        ],
      });
    });

    it('takes 100 ids and refuses 101', async () => {
      const ids = Array.from({ length: 101 }, () => uniqueArticleId('n'));
      await t
        .http()
        .get(`/api/v1/articles?ids=${ids.slice(0, 100).join(',')}`)
        .expect(200);
      expect(
        (
          await t
            .http()
            .get(`/api/v1/articles?ids=${ids.join(',')}`)
            .expect(400)
        ).body.code,
      ).toBe('validation_failed');
    });

    it.each(['', '?ids=', '?ids=a,,b', '?ids=bad%20id', '?ids=a&extra=1'])(
      'refuses %j with 400',
      async (query) => {
        expect((await t.http().get(`/api/v1/articles${query}`).expect(400)).body.code).toBe(
          'validation_failed',
        );
      },
    );
  });
});
