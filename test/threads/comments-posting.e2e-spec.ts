import { PrismaService } from '@parley/database';
import { PostingPolicyService } from '@parley/threads';
import { randomUUID } from 'node:crypto';
import {
  bearer,
  loginAgain,
  logout,
  registerAccount,
  registerStaff,
  TestAccount,
} from '../support/accounts';
import { grantPosting } from '../support/mail';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment, uniqueArticleId } from '../support/threads';

describe('POST /articles/:articleId/comments', () => {
  let t: TestApp;
  let staff: TestAccount;
  let reader: TestAccount;
  let articleId: string;
  const url = (id: string) => `/api/v1/articles/${encodeURIComponent(id)}/comments`;
  const setStatus = (account: TestAccount, status: 'banned' | 'suspended') =>
    t.app.get(PrismaService).user.update({
      where: { id: account.id },
      data: {
        status,
        suspendedUntil: status === 'suspended' ? new Date(Date.now() + 3600_000) : null,
      },
    });

  beforeAll(async () => {
    t = await createTestApp();
    [staff, reader] = await Promise.all([registerStaff(t), registerAccount(t)]);
    articleId = await createArticle(t, staff);
  });
  afterAll(() => t.close());

  it('posts a visible comment, stored trimmed but otherwise as written, and counts it', async () => {
    const id = await createArticle(t, staff);
    const body = '<script>alert(1)</script> &amp;  "quotes"\n\tend';
    const res = await t
      .http()
      .post(url(id))
      .set(staff.auth)
      .send({ body: `  ${body}\n` })
      .expect(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      articleId: id,
      parentId: null,
      depth: 0,
      body,
      status: 'visible',
      editedAt: null,
      likeCount: 0,
      replyCount: 0,
      likedByMe: false,
      pinned: false,
      author: { id: staff.id, displayName: staff.displayName, badge: 'staff' },
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
  });

  it("answers with the author as they are now: a fresh grant's badge, a new name", async () => {
    const [writer, admin] = await Promise.all([registerAccount(t), registerStaff(t, 'admin')]);
    await grantPosting(t, admin, writer);
    const first = await postComment(t, writer, articleId, `badged ${randomUUID()}`);
    expect(first.author).toEqual({
      id: writer.id,
      displayName: writer.displayName,
      badge: 'subscriber',
    });
    await t
      .http()
      .patch('/api/v1/me')
      .set(writer.auth)
      .send({ displayName: 'Renamed Writer' })
      .expect(200);
    const second = await postComment(t, writer, articleId, `renamed ${randomUUID()}`);
    expect(second.author).toEqual({
      id: writer.id,
      displayName: 'Renamed Writer',
      badge: 'subscriber',
    });
  });

  describe('order of checks', () => {
    it('401 without a token, before anything else', async () => {
      expect((await t.http().post(url(uniqueArticleId())).send({}).expect(401)).body.code).toBe(
        'unauthenticated',
      );
    });

    it('401 for a token whose login has ended, at once and before the article, account and body', async () => {
      // The post checks the login in its own first statement (LoginCheckedByHandler), not the guard.
      const [gone, outdated] = await Promise.all([registerStaff(t), registerStaff(t)]);
      const other = await loginAgain(t, gone);
      await logout(t, gone);
      await setStatus(outdated, 'banned');
      await t.app
        .get(PrismaService)
        .user.update({ where: { id: outdated.id }, data: { tokenVersion: { increment: 1 } } });
      for (const auth of [gone.auth, outdated.auth]) {
        for (const [id, body] of [
          [articleId, { body: `after the end ${randomUUID()}` }],
          [uniqueArticleId(), {}],
          ['bad id', { body: 'x' }],
        ] as const) {
          const res = await t.http().post(url(id)).set(auth).send(body).expect(401);
          expect(res.body.code).toBe('unauthenticated');
        }
      }
      // The same account's other login still posts.
      await t
        .http()
        .post(url(articleId))
        .set(bearer(other.accessToken))
        .send({ body: `still here ${randomUUID()}` })
        .expect(201);
      const stored = await t.app
        .get(PrismaService)
        .comment.count({ where: { authorId: { in: [gone.id, outdated.id] } } });
      expect(stored).toBe(1);
    });

    it('403 user_banned / user_suspended before the article and the body', async () => {
      const [banned, suspended] = await Promise.all([registerStaff(t), registerStaff(t)]);
      await setStatus(banned, 'banned');
      await setStatus(suspended, 'suspended');
      expect(
        (await t.http().post(url(uniqueArticleId())).set(banned.auth).send({}).expect(403)).body
          .code,
      ).toBe('user_banned');
      expect(
        (await t.http().post(url(uniqueArticleId())).set(suspended.auth).send({}).expect(403)).body
          .code,
      ).toBe('user_suspended');
    });

    it('an expired suspension no longer blocks', async () => {
      const formerly = await registerStaff(t);
      await t.app.get(PrismaService).user.update({
        where: { id: formerly.id },
        data: { status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) },
      });
      await t.http().post(url(articleId)).set(formerly.auth).send({ body: 'back' }).expect(201);
    });

    it('404 article_not_found before the body', async () => {
      expect(
        (await t.http().post(url(uniqueArticleId())).set(staff.auth).send({ body: '' }).expect(404))
          .body.code,
      ).toBe('article_not_found');
      expect(
        (await t.http().post(url('bad id')).set(staff.auth).send({ body: 'x' }).expect(404)).body
          .code,
      ).toBe('article_not_found');
    });

    it('403 comments_closed before the entitlement and the body', async () => {
      const closed = await createArticle(t, staff, { state: 'closed' });
      expect(
        (await t.http().post(url(closed)).set(staff.auth).send({ body: 'x' }).expect(403)).body
          .code,
      ).toBe('comments_closed');
      expect(
        (await t.http().post(url(closed)).set(reader.auth).send({ body: '' }).expect(403)).body
          .code,
      ).toBe('comments_closed');
    });

    it('403 subscription_required for a reader, before the body', async () => {
      expect(
        (await t.http().post(url(articleId)).set(reader.auth).send({ body: '' }).expect(403)).body
          .code,
      ).toBe('subscription_required');
      expect(
        (await t.http().post(url(articleId)).set(reader.auth).send({ body: 'fine' }).expect(403))
          .body.code,
      ).toBe('subscription_required');
    });
  });

  describe('body', () => {
    it.each([
      [{}],
      [{ body: '' }],
      [{ body: '   \n\t ' }],
      [{ body: '\u200B\u200D\uFEFF' }],
      [{ body: '\u202E\u00A0' }],
      [{ body: 'x'.repeat(5001) }],
      [{ body: 42 }],
      [{ body: null }],
      [{ body: ['a'] }],
      [{ body: 'ok', extra: true }],
      [{ body: 'ok', parentId: 'not-a-uuid' }],
      [{ body: 'ok', parentId: 7 }],
      [[{ body: 'ok' }]],
    ])('refuses bad input #%# with 400 validation_failed', async (body) => {
      const res = await t.http().post(url(articleId)).set(staff.auth).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    });

    it('accepts 5,000 characters (code points) after trimming, surrounded by spaces', async () => {
      const body = `${'é'.repeat(4999)}😀`;
      expect(
        (
          await t
            .http()
            .post(url(articleId))
            .set(staff.auth)
            .send({ body: `  ${body}  ` })
            .expect(201)
        ).body.body,
      ).toBe(body);
    });

    it('refuses invalid JSON and non-JSON bodies', async () => {
      expect(
        (
          await t
            .http()
            .post(url(articleId))
            .set(staff.auth)
            .set('Content-Type', 'application/json')
            .send('{"body":')
            .expect(400)
        ).body.code,
      ).toBe('invalid_json');
      expect(
        (
          await t
            .http()
            .post(url(articleId))
            .set(staff.auth)
            .set('Content-Type', 'text/plain')
            .send('hello')
            .expect(415)
        ).body.code,
      ).toBe('unsupported_media_type');
    });

    it('refuses a body over 100 kB with 413', async () => {
      expect(
        (
          await t
            .http()
            .post(url(articleId))
            .set(staff.auth)
            .send({ body: 'x'.repeat(200_000) })
            .expect(413)
        ).body.code,
      ).toBe('payload_too_large');
    });
  });

  describe('replies', () => {
    it('nest to depth 3; a reply to a depth-3 comment attaches to its parent', async () => {
      const id = await createArticle(t, staff);
      const c0 = await postComment(t, staff, id, 'root');
      const c1 = await postComment(t, staff, id, 'd1', c0.id);
      const c2 = await postComment(t, staff, id, 'd2', c1.id);
      const c3 = await postComment(t, staff, id, 'd3', c2.id);
      const c4 = await postComment(t, staff, id, 'd4', c3.id);
      expect([c1.depth, c2.depth, c3.depth, c4.depth]).toEqual([1, 2, 3, 3]);
      expect(c4.parentId).toBe(c2.id);
      expect((await t.http().get(`/api/v1/comments/${c2.id}`).expect(200)).body.replyCount).toBe(2);
      expect((await t.http().get(`/api/v1/comments/${c0.id}`).expect(200)).body.replyCount).toBe(1);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(5);
    });

    it('a parent on another article is a 400; an unknown parent is a 404', async () => {
      const other = await createArticle(t, staff);
      const parent = await postComment(t, staff, other);
      const res = await t
        .http()
        .post(url(articleId))
        .set(staff.auth)
        .send({ body: 'x', parentId: parent.id })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(
        (
          await t
            .http()
            .post(url(articleId))
            .set(staff.auth)
            .send({ body: 'x', parentId: randomUUID() })
            .expect(404)
        ).body.code,
      ).toBe('comment_not_found');
    });
  });

  describe('posting policy', () => {
    it('holds comments on a pre-moderated article as pending, out of the count', async () => {
      const id = await createArticle(t, staff, { moderation: 'pre' });
      const res = await t.http().post(url(id)).set(staff.auth).send({ body: 'waits' }).expect(201);
      expect(res.body.status).toBe('pending');
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(0);
    });

    it('holds a comment with a banned word (case-insensitive, whole words, after NFKC)', async () => {
      const policy = t.app.get(PostingPolicyService);
      const word = `zorble${randomUUID().slice(0, 8)}`;
      const before = await policy.getBannedWords();
      await policy.setBannedWords([...before, word.toUpperCase()]);
      try {
        expect((await policy.getBannedWords()).map((entry) => entry.word)).toContain(word);
        const id = await createArticle(t, staff);
        const fullWidth = [...word]
          .map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0))
          .join('');
        for (const body of [`well ${word.toUpperCase()}!`, `(${fullWidth})`]) {
          expect(
            (await t.http().post(url(id)).set(staff.auth).send({ body }).expect(201)).body.status,
          ).toBe('pending');
        }
        expect(
          (
            await t
              .http()
              .post(url(id))
              .set(staff.auth)
              .send({ body: `${word}ish is fine` })
              .expect(201)
          ).body.status,
        ).toBe('visible');
        expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(
          1,
        );
      } finally {
        await policy.setBannedWords(before);
      }
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first comment for a retry (201, same id) and refuses another body (409)', async () => {
      const id = await createArticle(t, staff);
      const key = randomUUID();
      const first = await t
        .http()
        .post(url(id))
        .set(staff.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'once' })
        .expect(201);
      const again = await t
        .http()
        .post(url(id))
        .set(staff.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'once' })
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(
        (
          await t
            .http()
            .post(url(id))
            .set(staff.auth)
            .set('Idempotency-Key', key)
            .send({ body: 'twice' })
            .expect(409)
        ).body.code,
      ).toBe('conflict');
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
    });

    it('makes one comment out of concurrent retries', async () => {
      const id = await createArticle(t, staff);
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http().post(url(id)).set(staff.auth).set('Idempotency-Key', key).send({ body: 'race' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect((await t.http().get(`/api/v1/articles/${id}`).expect(200)).body.commentCount).toBe(1);
    });

    it('is per user: the same key from another user posts anew', async () => {
      const other = await registerStaff(t);
      const key = randomUUID();
      const a = await t
        .http()
        .post(url(articleId))
        .set(staff.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'same' })
        .expect(201);
      const b = await t
        .http()
        .post(url(articleId))
        .set(other.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'same' })
        .expect(201);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('ignores a key older than 24 hours', async () => {
      const key = randomUUID();
      const first = await t
        .http()
        .post(url(articleId))
        .set(staff.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'old' })
        .expect(201);
      await t.app.get(PrismaService).commentIdempotencyKey.update({
        where: { userId_key: { userId: staff.id, key } },
        data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
      });
      const second = await t
        .http()
        .post(url(articleId))
        .set(staff.auth)
        .set('Idempotency-Key', key)
        .send({ body: 'new body' })
        .expect(201);
      expect(second.body.id).not.toBe(first.body.id);
    });

    it.each(['x'.repeat(256), 'with space', 'tab\tkey', 'é'])(
      'refuses the malformed key #%# with 400',
      async (key) => {
        expect(
          (
            await t
              .http()
              .post(url(articleId))
              .set(staff.auth)
              .set('Idempotency-Key', key)
              .send({ body: 'x' })
              .expect(400)
          ).body.code,
        ).toBe('validation_failed');
      },
    );
  });
});

describe('POST /articles/:articleId/comments rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_DISABLED: 'false', COMMENT_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After past the per-user limit, and not for another user', async () => {
    const [staff, other] = await Promise.all([registerStaff(t), registerStaff(t)]);
    const id = await createArticle(t, staff);
    for (let i = 0; i < 3; i += 1) await postComment(t, staff, id, `n${i}`);
    const limited = await t
      .http()
      .post(`/api/v1/articles/${id}/comments`)
      .set(staff.auth)
      .send({ body: 'one too many' })
      .expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await postComment(t, other, id, 'someone else');
  });
});
