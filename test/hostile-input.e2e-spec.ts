import { MAX_ERROR_DETAILS } from '@parley/errors';
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { ModerationKit } from './moderation/moderation-kit';
import { registerAccount, TestAccount, uniqueEmail } from './support/accounts';
import { createArticle, postComment } from './support/threads';

/**
 * Issue 11's list of hostile inputs, one regression test each: every one of them answered a 5xx
 * (or was accepted) before. Each answers a 4xx in the contract's error shape, and nothing of it
 * is stored.
 */
describe('hostile input', () => {
  let kit: ModerationKit;
  let commenter: TestAccount;
  let articleId: string;
  const NUL = 'a\u0000b';
  const http = () => kit.t.http();
  const comments = (id: string) => `/api/v1/articles/${encodeURIComponent(id)}/comments`;
  const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

  beforeAll(async () => {
    kit = await ModerationKit.create();
    commenter = await kit.commenter();
    articleId = await createArticle(kit.t, kit.moderator);
  });
  afterAll(() => kit.close());

  function expectValidationFailed(res: { status: number; body: Record<string, unknown> }) {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(JSON.stringify(res.body)).not.toMatch(/SQL|prisma|postgres|\bat .*\.ts/i);
  }

  describe('U+0000 and unpaired surrogates are a 400 validation_failed', () => {
    it('in the login email and password (unauthenticated)', async () => {
      for (const body of [
        { email: `nul${NUL}@example.com`, password: 'correct horse battery' },
        { email: 'reader@example.com', password: `correct horse ${NUL}` },
      ])
        expectValidationFailed(await http().post('/api/v1/auth/login').send(body));
    });

    it('in the register email, password and display name; no account is made', async () => {
      const email = uniqueEmail();
      for (const body of [
        { email: email.replace('@', `${NUL}@`), password: 'correct horse', displayName: 'Ada' },
        { email, password: `correct horse ${NUL}`, displayName: 'Ada' },
        { email, password: 'correct horse battery', displayName: `Ada${NUL}` },
      ])
        expectValidationFailed(await http().post('/api/v1/auth/register').send(body));
      await http()
        .post('/api/v1/auth/login')
        .send({ email, password: 'correct horse battery' })
        .expect(401);
    });

    it('in a comment body, posted or edited; nothing is stored', async () => {
      const id = await createArticle(kit.t, kit.moderator);
      expectValidationFailed(
        await http().post(comments(id)).set(commenter.auth).send({ body: NUL }),
      );
      const comment = await postComment(kit.t, commenter, id, 'Original');
      expectValidationFailed(
        await http()
          .patch(`/api/v1/comments/${comment.id}`)
          .set(commenter.auth)
          .send({ body: `Edited ${NUL}` }),
      );
      const page = await http().get(comments(id)).expect(200);
      expect(page.body.items.map((c: { body: string }) => c.body)).toEqual(['Original']);
    });

    it('in a comment body as an escaped unpaired surrogate', async () => {
      for (const raw of ['{"body":"ok \\ud800"}', '{"body":"\\udc00 ok"}'])
        expectValidationFailed(
          await http()
            .post(comments(articleId))
            .set(commenter.auth)
            .set('Content-Type', 'application/json')
            .send(raw),
        );
    });

    it('in a report note', async () => {
      const comment = await postComment(kit.t, commenter, articleId, 'Report me');
      expectValidationFailed(
        await http()
          .post(`/api/v1/comments/${comment.id}/reports`)
          .set(kit.moderator.auth)
          .send({ reason: 'spam', note: `See ${NUL}` }),
      );
    });

    it('in an article title and URL', async () => {
      const url = `/api/v1/articles/${randomUUID()}`;
      for (const body of [{ title: `Budget ${NUL}` }, { title: 'ok', url: `https://x.io/${NUL}` }])
        expectValidationFailed(await http().put(url).set(kit.moderator.auth).send(body));
      await http().get(url).expect(404);
    });

    it('in a banned word', async () => {
      expectValidationFailed(
        await http()
          .put('/api/v1/moderation/banned-words')
          .set(kit.moderator.auth)
          .send({ words: ['fine', `bad${NUL}`] }),
      );
    });

    it('in a reject reason, and in sanction reasons', async () => {
      const comment = await postComment(kit.t, commenter, articleId, 'Reject me');
      expectValidationFailed(
        await kit.post(`/moderation/comments/${comment.id}/reject`, kit.moderator, {
          code: 'spam',
          reason: `Because ${NUL}`,
        }),
      );
      const target = await registerAccount(kit.t);
      expectValidationFailed(
        await kit.post(`/moderation/users/${target.id}/ban`, kit.moderator, { reason: NUL }),
      );
      const visible = await http().get(`/api/v1/comments/${comment.id}`).expect(200);
      expect(visible.body.status).toBe('visible');
    });

    it('in PATCH /me and in a password change', async () => {
      const me = await registerAccount(kit.t);
      expectValidationFailed(
        await http().patch('/api/v1/me').set(me.auth).send({ displayName: NUL }),
      );
      expectValidationFailed(
        await http()
          .post('/api/v1/auth/password')
          .set(me.auth)
          .send({ currentPassword: me.password, newPassword: `new password ${NUL}` }),
      );
    });
  });

  describe('bytes that are not UTF-8 are a 400, never stored as U+FFFD', () => {
    /** A JSON body sent byte for byte (superagent would JSON-encode a Buffer). */
    const raw = (req: Test, bytes: Buffer) =>
      req
        .set('Content-Type', 'application/json')
        .serialize((body: unknown) => body as string)
        .send(bytes);
    const bytes = (...parts: Array<string | number[]>) =>
      Buffer.concat(
        parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
      );

    function expectInvalidJson(res: { status: number; body: Record<string, unknown> }) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'invalid_json',
        message: 'The body is not valid UTF-8',
      });
    }

    it('in a posted comment and in an edit; nothing is stored or changed', async () => {
      const id = await createArticle(kit.t, kit.moderator);
      for (const invalid of [
        [0xc3, 0x28],
        [0xff, 0xfe],
        [0xed, 0xa0, 0x80],
        [0xe2, 0x82],
      ])
        expectInvalidJson(
          await raw(
            http().post(comments(id)).set(commenter.auth),
            bytes('{"body":"hi ', invalid, ' there"}'),
          ),
        );
      expect((await http().get(comments(id)).expect(200)).body.items).toEqual([]);
      const comment = await postComment(kit.t, commenter, id, 'Before');
      expectInvalidJson(
        await raw(
          http().patch(`/api/v1/comments/${comment.id}`).set(commenter.auth),
          bytes('{"body":"after ', [0xc3, 0x28], '"}'),
        ),
      );
      expect((await http().get(`/api/v1/comments/${comment.id}`).expect(200)).body.body).toBe(
        'Before',
      );
    });

    it('in a login email (not a 401), and in PATCH /me (the name stays)', async () => {
      expectInvalidJson(
        await raw(
          http().post('/api/v1/auth/login'),
          bytes('{"email":"a', [0xff, 0xfe], '@b.co","password":"correct horse battery"}'),
        ),
      );
      const me = await registerAccount(kit.t);
      const before = (await http().get('/api/v1/me').set(me.auth).expect(200)).body.displayName;
      expectInvalidJson(
        await raw(
          http().patch('/api/v1/me').set(me.auth),
          bytes('{"displayName":"hi ', [0xc3, 0x28], ' there"}'),
        ),
      );
      expect((await http().get('/api/v1/me').set(me.auth).expect(200)).body.displayName).toBe(
        before,
      );
    });

    it('percent-encoded in a path parameter or a query value is a 400 validation_failed', async () => {
      for (const bad of ['%C3%28', '%FF', 'a%ED%A0%80'])
        for (const path of [
          `/api/v1/articles/${bad}`,
          `/api/v1/articles/${bad}/comments`,
          `/api/v1/comments/${bad}`,
          `/api/v1/articles?ids=${bad}`,
          `${comments(articleId)}?sort=${bad}`,
          `${comments(articleId)}?limit=${bad}`,
          `${comments(articleId)}?cursor=${bad}`,
        ])
          expectValidationFailed(await http().get(path));
      expectValidationFailed(
        await http()
          .post(`/api/v1/articles/%C3%28/comments`)
          .set(commenter.auth)
          .send({ body: 'x' }),
      );
    });
  });

  describe('__proto__, constructor and prototype are unknown properties like any other', () => {
    const reserved = (key: string) => ({ message: `property ${key} should not exist` });

    it('in PATCH /me, at the top or nested: a 400 and the account is unchanged', async () => {
      const me = await registerAccount(kit.t);
      const before = (await http().get('/api/v1/me').set(me.auth).expect(200)).body;
      for (const raw of [
        '{"displayName":"Fresh name","__proto__":{"role":"admin"}}',
        '{"displayName":"Fresh name","constructor":{"prototype":{"role":"admin"}}}',
        '{"displayName":"Fresh name","prototype":1}',
      ]) {
        const res = await http()
          .patch('/api/v1/me')
          .set(me.auth)
          .set('Content-Type', 'application/json')
          .send(raw);
        expectValidationFailed(res);
        expect(res.body.details).toEqual([
          expect.objectContaining(reserved(Object.keys(JSON.parse(raw))[1])),
        ]);
      }
      const after = (await http().get('/api/v1/me').set(me.auth).expect(200)).body;
      expect(after).toEqual(before);
      expect(after.role).toBe('reader');
    });

    it('in a login (a 400, not a 401) and nested in a moderation body; nothing is stored', async () => {
      const me = await registerAccount(kit.t);
      const login = await http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"${me.email}","password":"${me.password}","constructor":{"a":1}}`);
      expectValidationFailed(login);
      expect(login.body.details).toEqual([{ field: 'constructor', ...reserved('constructor') }]);
      const id = `proto-${randomUUID()}`;
      const put = await http()
        .put(`/api/v1/articles/${id}`)
        .set(kit.moderator.auth)
        .set('Content-Type', 'application/json')
        .send('{"title":"T","plans":[{"__proto__":{"x":1}}]}');
      expectValidationFailed(put);
      await http().get(`/api/v1/articles/${id}`).expect(404);
    });

    it('in a query string', async () => {
      const res = await http().get(`${comments(articleId)}?__proto__=1`);
      expectValidationFailed(res);
      expect(res.body.details).toEqual([{ field: '__proto__', ...reserved('__proto__') }]);
    });
  });

  describe('cursors whose fields are out of range are a 400', () => {
    const time = '2026-01-01T00:00:00.000Z';

    it('a top cursor with a like count past int4 (public GET)', async () => {
      const cursor = forge({ k: 'top', t: time, i: randomUUID(), l: 2147483648 });
      expectValidationFailed(await http().get(`${comments(articleId)}?sort=top&cursor=${cursor}`));
    });

    it('a moderation-queue cursor in year 0', async () => {
      const cursor = forge({ k: 'pending', t: '0000-01-01T00:00:00.000Z', i: randomUUID() });
      expectValidationFailed(
        await kit.get(`/moderation/queue?type=pending&cursor=${cursor}`, kit.moderator),
      );
    });

    it('an audit-log cursor in year 0 and a replies cursor before 1970', async () => {
      const audit = forge({ k: 'audit', t: '0000-01-01T00:00:00.000Z', i: randomUUID() });
      expectValidationFailed(await kit.get(`/moderation/actions?cursor=${audit}`, kit.moderator));
      const comment = await postComment(kit.t, commenter, articleId, 'Parent');
      const replies = forge({ k: 'replies', t: '1969-07-20T20:17:40.000Z', i: randomUUID() });
      expectValidationFailed(
        await http().get(`/api/v1/comments/${comment.id}/replies?cursor=${replies}`),
      );
    });
  });

  it('answers a login body with 40,000 nested [ in an unknown field with 400 invalid_json', async () => {
    for (const nested of ['['.repeat(40_000), `${'['.repeat(40_000)}${']'.repeat(40_000)}`]) {
      const res = await http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"a@b.co","password":"correct horse","x":${nested}}`)
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'invalid_json' });
    }
    // 32 levels are still JSON the API reads (and refuses field by field).
    const deepest = `${'['.repeat(31)}${']'.repeat(31)}`;
    const res = await http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.co","password":"correct horse","x":${deepest}}`)
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('answers 5,000 unknown keys with a small 400 listing at most 20 problems', async () => {
    const body: Record<string, string> = { body: 'Hello' };
    for (let i = 0; i < 5000; i++) body[`unknown${i}`] = 'x';
    const answers = [
      await http().post(comments(articleId)).set(commenter.auth).send(body),
      await http()
        .post('/api/v1/auth/login')
        .send({ ...body, body: undefined, email: 'a@b.co', password: 'x' }),
    ];
    for (const res of answers) {
      expectValidationFailed(res);
      expect(res.body.details).toHaveLength(MAX_ERROR_DETAILS);
      expect(res.body.message).toMatch(/20 of 5000/);
      expect(Buffer.byteLength(res.text)).toBeLessThan(4096);
    }
  });

  it('cuts a huge unknown key short in the details', async () => {
    const res = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.co', password: 'x', ['k'.repeat(90_000)]: 1 });
    expectValidationFailed(res);
    expect(Buffer.byteLength(res.text)).toBeLessThan(4096);
  });

  describe('blank bodies and names', () => {
    it.each([
      '\u3164',
      '\u3164\u3164\u3164',
      '\u2800\u2800',
      '\u115F\u1160',
      '\uFFA0',
      '\u200B',
      ' \u3164 \u200B \u2800 \n',
    ])('refuses the comment body %j like an empty one', async (body) => {
      expectValidationFailed(
        await http().post(comments(articleId)).set(commenter.auth).send({ body }),
      );
    });

    it.each(['\u3164\u3164', '\u2800\u2800\u2800', 'A\u3164da', '\u115F\u1160'])(
      'refuses the display name %j, at registration and in PATCH /me',
      async (displayName) => {
        expectValidationFailed(
          await http()
            .post('/api/v1/auth/register')
            .send({ email: uniqueEmail(), password: 'correct horse battery', displayName }),
        );
        expectValidationFailed(
          await http().patch('/api/v1/me').set(commenter.auth).send({ displayName }),
        );
      },
    );
  });

  describe('display names need a visible base character', () => {
    it.each([
      '\u0301\u0301\u0301',
      '\u0301\u0301',
      '\u0301Ada',
      'Ada \u0301\u0301',
      '\u20DD\u20DD',
    ])(
      'refuses %j at registration (no account is made) and in PATCH /me (the name stays)',
      async (displayName) => {
        const email = uniqueEmail();
        expectValidationFailed(
          await http()
            .post('/api/v1/auth/register')
            .send({ email, password: 'correct horse battery', displayName }),
        );
        await http()
          .post('/api/v1/auth/login')
          .send({ email, password: 'correct horse battery' })
          .expect(401);
        const me = await registerAccount(kit.t);
        const before = (await http().get('/api/v1/me').set(me.auth).expect(200)).body.displayName;
        expectValidationFailed(await http().patch('/api/v1/me').set(me.auth).send({ displayName }));
        expect((await http().get('/api/v1/me').set(me.auth).expect(200)).body.displayName).toBe(
          before,
        );
      },
    );

    it('takes combining marks after a base character', async () => {
      const me = await registerAccount(kit.t);
      const res = await http()
        .patch('/api/v1/me')
        .set(me.auth)
        .send({ displayName: 'Jose\u0301 Z\u0301\u0301' })
        .expect(200);
      expect(res.body.displayName).toBe('José Ź\u0301');
    });
  });

  describe('padded bodies are stored trimmed; the limit counts what is stored', () => {
    it('stores "a" + 95,000 spaces (a 95 kB body, under the 100 kB limit) as "a"', async () => {
      const id = await createArticle(kit.t, kit.moderator);
      const res = await http()
        .post(comments(id))
        .set(commenter.auth)
        .send({ body: `a${' '.repeat(95_000)}` })
        .expect(201);
      expect(res.body.body).toBe('a');
      const page = await http().get(comments(id)).expect(200);
      expect(page.body.items[0].body).toBe('a');
    });

    it('accepts 5,000 characters padded with fillers and spaces, and stores the 5,000', async () => {
      const text = 'x'.repeat(5000);
      const res = await http()
        .post(comments(articleId))
        .set(commenter.auth)
        .send({ body: `\u3164 ${' '.repeat(50_000)}${text}\u2800\u200B${' '.repeat(40_000)}` })
        .expect(201);
      expect(res.body.body).toBe(text);
    });

    it('trims an edit as well', async () => {
      const comment = await postComment(kit.t, commenter, articleId, 'Before');
      const res = await http()
        .patch(`/api/v1/comments/${comment.id}`)
        .set(commenter.auth)
        .send({ body: `  After${' '.repeat(20_000)}\u3164` })
        .expect(200);
      expect(res.body.body).toBe('After');
    });

    it('refuses a padded body over 100 kB with 413 before reading it', async () => {
      const res = await http()
        .post(comments(articleId))
        .set(commenter.auth)
        .send({ body: `a${' '.repeat(110_000)}` })
        .expect(413);
      expect(res.body.code).toBe('payload_too_large');
    });
  });
});
