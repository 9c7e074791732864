import { PrismaService } from '@parley/database';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ModerationKit } from '../moderation/moderation-kit';
import type { TestAccount } from '../support/accounts';
import { createTestApp } from '../support/test-app';
import { registerAccount, registerStaff } from '../support/accounts';
import { createArticle } from '../support/threads';

/** What the moderation queue says of a comment: its status, why it waits, its score. */
async function moderatorView(kit: ModerationKit, articleId: string, commentId: string) {
  const res = await kit
    .get(`/moderation/queue?type=pending&articleId=${encodeURIComponent(articleId)}`, kit.moderator)
    .expect(200);
  return (res.body.items as { id: string; holdReason: string; score: number | null }[]).find(
    (item) => item.id === commentId,
  );
}

describe('posting rules: why a comment waits', () => {
  let kit: ModerationKit;
  let author: TestAccount;

  beforeAll(async () => {
    kit = await ModerationKit.create();
    author = await kit.commenter();
  });
  afterAll(() => kit.close());
  afterEach(async () => {
    await kit.t
      .http()
      .put('/api/v1/moderation/policy')
      .set(kit.admin.auth)
      .send({ newCommenterPremoderation: 0, holdLinks: false, surgeCommentsPerMinute: 0 })
      .expect(200);
    await kit.t
      .http()
      .put('/api/v1/moderation/banned-words')
      .set(kit.admin.auth)
      .send({ words: [] })
      .expect(200);
  });

  const policy = (body: Record<string, unknown>) =>
    kit.t.http().put('/api/v1/moderation/policy').set(kit.admin.auth).send(body).expect(200);
  const post = (articleId: string, who: TestAccount, body: string) =>
    kit.post(`/articles/${encodeURIComponent(articleId)}/comments`, who, { body });

  it('article pre-moderation: reason article_premoderated', async () => {
    const id = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    const comment = (await post(id, author, 'Hello').expect(201)).body;
    expect(comment.status).toBe('pending');
    // The author's view says it waits, not why (that is for moderators).
    expect(comment).not.toHaveProperty('holdReason');
    expect(comment).not.toHaveProperty('score');
    expect(await moderatorView(kit, id, comment.id)).toMatchObject({
      holdReason: 'article_premoderated',
      score: null,
    });
  });

  it("new commenter: a user's first N comments wait until N are visible", async () => {
    await policy({ newCommenterPremoderation: 2 });
    const id = await createArticle(kit.t, kit.moderator);
    const fresh = await kit.commenter();
    const first = (await post(id, fresh, 'One').expect(201)).body;
    expect(first.status).toBe('pending');
    expect(await moderatorView(kit, id, first.id)).toMatchObject({ holdReason: 'new_commenter' });
    // Still none visible: the second waits too, until a moderator approves.
    const second = (await post(id, fresh, 'Two').expect(201)).body;
    expect(second.status).toBe('pending');
    for (const c of [first, second])
      await kit.post(`/moderation/comments/${c.id}/approve`, kit.moderator, {}).expect(200);
    expect((await post(id, fresh, 'Three').expect(201)).body.status).toBe('visible');
    await policy({ newCommenterPremoderation: 0 });
    expect((await post(id, await kit.commenter(), 'Four').expect(201)).body.status).toBe('visible');
  });

  it('links: held with holdLinks, reason link', async () => {
    const id = await createArticle(kit.t, kit.moderator);
    expect((await post(id, author, 'see example.com').expect(201)).body.status).toBe('visible');
    await policy({ holdLinks: true });
    for (const body of ['see https://spam.example/x', 'go to www.spam', 'visit cheap.biz now']) {
      const comment = (await post(id, author, body).expect(201)).body;
      expect(comment.status).toBe('pending');
      expect(await moderatorView(kit, id, comment.id)).toMatchObject({ holdReason: 'link' });
    }
    expect((await post(id, author, 'no link, e.g. none.').expect(201)).body.status).toBe('visible');
  });

  it('per-user pre-moderation: every comment of that user waits (user_premoderated)', async () => {
    const id = await createArticle(kit.t, kit.moderator);
    const user = await kit.commenter();
    await kit
      .post(`/moderation/users/${user.id}/premoderate`, kit.moderator, { enabled: true })
      .expect(200);
    const held = (await post(id, user, 'Mine').expect(201)).body;
    expect(held.status).toBe('pending');
    expect(await moderatorView(kit, id, held.id)).toMatchObject({
      holdReason: 'user_premoderated',
    });
    expect((await post(id, author, 'Theirs').expect(201)).body.status).toBe('visible');
    await kit
      .post(`/moderation/users/${user.id}/premoderate`, kit.moderator, { enabled: false })
      .expect(200);
    expect((await post(id, user, 'Mine again').expect(201)).body.status).toBe('visible');
  });

  describe('banned words', () => {
    const words = (list: unknown[]) =>
      kit.t
        .http()
        .put('/api/v1/moderation/banned-words')
        .set(kit.moderator.auth)
        .send({ words: list })
        .expect(200);

    it('holds (plain strings and hold entries), refuses without naming the word, matches wildcards and look-alikes', async () => {
      const res = await words([
        'darn',
        { word: 'idiot*', action: 'refuse' },
        { word: '*hole', action: 'hold' },
      ]);
      expect(res.body.entries).toEqual([
        { word: '*hole', action: 'hold' },
        { word: 'darn', action: 'hold' },
        { word: 'idiot*', action: 'refuse' },
      ]);
      expect(res.body.words).toEqual(['*hole', 'darn', 'idiot*']);
      const id = await createArticle(kit.t, kit.moderator);
      for (const body of ['oh DARN', 'd4rn it', 'dаrn (Cyrillic a)', 'ｄａｒｎ', 'a pothole']) {
        const comment = (await post(id, author, body).expect(201)).body;
        expect(comment.status).toBe('pending');
        expect(await moderatorView(kit, id, comment.id)).toMatchObject({
          holdReason: 'banned_word',
        });
      }
      for (const body of ['you idiot', 'IDIOTS all', '1d10t', 'іdіоt']) {
        const refused = await post(id, author, body).expect(400);
        expect(refused.body.code).toBe('banned_word');
        expect(refused.body.message.toLowerCase()).not.toContain('idiot');
      }
      expect((await post(id, author, 'darned idiom').expect(201)).body.status).toBe('visible');
    });

    it('reads invisible characters as nothing: a zero-width-split refused word is refused, a split held word and a split link wait, each body stored as written', async () => {
      await words([{ word: 'idiot', action: 'refuse' }, 'darn']);
      await policy({ holdLinks: true });
      const id = await createArticle(kit.t, kit.moderator);
      for (const body of ['you idi\u200Bot', 'idi\u00ADot', 'i\u2060diot']) {
        const refused = await post(id, author, body).expect(400);
        expect(refused.body.code).toBe('banned_word');
      }
      for (const [body, holdReason] of [
        ['oh da\u200Brn', 'banned_word'],
        ['see evil\u200B.com', 'link'],
        ['see evil.c\u200Bom/x', 'link'],
        ['see t.co/abc', 'link'],
        ['see evil\u3002com/x', 'link'],
      ]) {
        const comment = (await post(id, author, body).expect(201)).body;
        expect(comment).toMatchObject({ status: 'pending', body });
        expect(await moderatorView(kit, id, comment.id)).toMatchObject({ holdReason });
      }
      for (const body of ['Node.js, e.g. with\u200B ease', 'darned idiom_'])
        expect((await post(id, author, body).expect(201)).body.status).toBe('visible');
    });

    it('refuses an edit bringing in a refused word and holds one bringing in a held word', async () => {
      await words([{ word: 'zonk', action: 'refuse' }, 'blarg']);
      const id = await createArticle(kit.t, kit.moderator);
      const comment = (await post(id, author, 'Fine words').expect(201)).body;
      const edit = (body: string) =>
        kit.t.http().patch(`/api/v1/comments/${comment.id}`).set(author.auth).send({ body });
      expect((await edit('zonk').expect(400)).body.code).toBe('banned_word');
      expect((await edit('blarg').expect(200)).body.status).toBe('pending');
      expect(await moderatorView(kit, id, comment.id)).toMatchObject({
        holdReason: 'banned_word',
      });
    });

    it.each([
      [['ok', { word: 'x', action: 'delete' }]],
      [[{ word: 'x' }]],
      [[{ word: 'x', action: 'hold', extra: 1 }]],
      [[{ word: '', action: 'hold' }]],
      [['**']],
      [['\u200B\u00AD']],
      [[7]],
      [[null]],
      [[['x']]],
    ])('refuses %j with 400 validation_failed', async (list) => {
      const res = await kit.t
        .http()
        .put('/api/v1/moderation/banned-words')
        .set(kit.moderator.auth)
        .send({ words: list })
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('surge', () => {
    it('switches an article receiving more than N comments a minute to pre-moderation, audited as the system, undone by itself', async () => {
      await policy({ surgeCommentsPerMinute: 2 });
      const id = await createArticle(kit.t, kit.moderator);
      const calm = await createArticle(kit.t, kit.moderator);
      expect((await post(id, author, 's1').expect(201)).body.status).toBe('visible');
      expect((await post(id, author, 's2').expect(201)).body.status).toBe('visible');
      const third = (await post(id, author, 's3').expect(201)).body;
      expect(third.status).toBe('pending');
      expect(await moderatorView(kit, id, third.id)).toMatchObject({ holdReason: 'surge' });
      const other = await kit.commenter();
      expect((await post(id, other, 's4').expect(201)).body.status).toBe('pending');
      const article = (await kit.get(`/articles/${id}`, undefined).expect(200)).body;
      const until = new Date(article.premoderatedUntil).getTime();
      expect(until).toBeGreaterThan(Date.now() + 29 * 60_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 5_000);
      // Other articles are not touched.
      expect((await post(calm, author, 'calm').expect(201)).body.status).toBe('visible');
      const audit = (await kit.auditEntries(id)).filter((e) => e.action === 'article.surge');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: null,
        targetType: 'article',
        metadata: { surgeCommentsPerMinute: 2, premoderatedUntil: article.premoderatedUntil },
      });
      const log = await kit.get('/moderation/actions?limit=100', kit.moderator).expect(200);
      expect(
        log.body.items.find(
          (e: { action: string; target: { id: string } }) =>
            e.action === 'article.surge' && e.target.id === id,
        ),
      ).toMatchObject({ actor: null });
      // Thirty minutes later (moved back in the row: it is compared at read time) it is over.
      const prisma = kit.t.app.get(PrismaService);
      await prisma.article.update({
        where: { id },
        data: { premoderatedUntil: new Date(Date.now() - 1000) },
      });
      await prisma.comment.updateMany({
        where: { articleId: id },
        data: { createdAt: new Date(Date.now() - 120_000) },
      });
      expect((await kit.get(`/articles/${id}`, undefined)).body.premoderatedUntil).toBeNull();
      expect((await post(id, author, 's5').expect(201)).body.status).toBe('visible');
    });

    it('shows in the article view at once, cached copies included; moderation stays the editor setting', async () => {
      await policy({ surgeCommentsPerMinute: 2 });
      const id = await createArticle(kit.t, kit.moderator);
      const path = `/articles/${encodeURIComponent(id)}`;
      await post(id, author, 'calm 1').expect(201);
      await post(id, author, 'calm 2').expect(201);
      const before = await kit.get(path, undefined).expect(200);
      expect(before.body).toMatchObject({ moderation: 'post', premoderatedUntil: null });
      const etag = before.headers.etag as string;
      expect(etag).toBeTruthy();

      expect((await post(id, author, 'the surge').expect(201)).body.status).toBe('pending');
      // A reader (or a CDN) revalidating its copy gets the new view, not a 304 of the old one.
      const during = await kit.get(path, undefined).set('If-None-Match', etag).expect(200);
      expect(during.headers.etag).not.toBe(etag);
      expect(new Date(during.body.premoderatedUntil).getTime()).toBeGreaterThan(Date.now());
      // `moderation` is what editors set and PUT answers with; the surge is premoderatedUntil.
      expect(during.body.moderation).toBe('post');

      // An editor saving moderation "post" during the surge stores "post" and sees the surge go on.
      const put = await kit.t
        .http()
        .put(`/api/v1${path}`)
        .set(kit.moderator.auth)
        .send({ title: 'A story', moderation: 'post' })
        .expect(200);
      expect(put.body).toMatchObject({
        moderation: 'post',
        premoderatedUntil: during.body.premoderatedUntil,
      });
      expect((await kit.get(path, undefined).expect(200)).body).toMatchObject({
        moderation: 'post',
        premoderatedUntil: during.body.premoderatedUntil,
      });
      expect((await post(id, author, 'still held').expect(201)).body.status).toBe('pending');
    });

    it('stays off at 0', async () => {
      const id = await createArticle(kit.t, kit.moderator);
      for (let i = 0; i < 5; i++)
        expect((await post(id, author, `burst ${i}`).expect(201)).body.status).toBe('visible');
    });
  });
});

describe('posting rules: scoring', () => {
  let server: Server;
  let port: number;
  let mode: 'score' | 'fail' | 'slow' | 'garbage' = 'score';
  const received: { key: string | null; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = JSON.parse(raw) as { comment: { text: string } };
        received.push({ key: new URL(req.url!, 'http://x').searchParams.get('key'), body });
        if (mode === 'fail') return void res.writeHead(500).end('{}');
        if (mode === 'garbage') return void res.writeHead(200).end('{"attributeScores":{}}');
        const value = body.comment.text.includes('nasty') ? 0.93 : 0.05;
        const answer = () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ attributeScores: { TOXICITY: { summaryScore: { value } } } }));
        if (mode === 'slow') setTimeout(answer, 3000).unref();
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('holds a high score (reason score, the score shown), passes a low one, and treats failure or slowness as unscored', async () => {
    const t = await createTestApp({
      SCORING_URL: `http://127.0.0.1:${port}/v1alpha1/comments:analyze`,
      SCORING_API_KEY: 'test-key',
      SCORING_HOLD_THRESHOLD: '0.9',
    });
    try {
      const moderator = await registerStaff(t);
      const author = await registerAccount(t);
      const id = await createArticle(t, moderator, { audience: 'registered' });
      const post = (body: string) =>
        t
          .http()
          .post(`/api/v1/articles/${id}/comments`)
          .set(author.auth)
          .send({ body })
          .expect(201);
      const queue = async () =>
        (
          await t
            .http()
            .get(`/api/v1/moderation/queue?type=pending&articleId=${id}`)
            .set(moderator.auth)
            .expect(200)
        ).body.items as { id: string; holdReason: string; score: number }[];

      mode = 'score';
      const high = (await post('a nasty remark')).body;
      expect(high.status).toBe('pending');
      const [held] = await queue();
      expect(held).toMatchObject({ id: high.id, holdReason: 'score' });
      expect(held.score).toBeCloseTo(0.93, 5);
      expect(received.at(-1)).toEqual({
        key: 'test-key',
        body: { comment: { text: 'a nasty remark' }, requestedAttributes: { TOXICITY: {} } },
      });
      expect((await post('a kind remark')).body.status).toBe('visible');

      // An edit is scored too.
      const edited = (await post('fine for now')).body;
      const res = await t
        .http()
        .patch(`/api/v1/comments/${edited.id}`)
        .set(author.auth)
        .send({ body: 'now nasty' })
        .expect(200);
      expect(res.body.status).toBe('pending');
      expect((await queue()).find((c) => c.id === edited.id)).toMatchObject({
        holdReason: 'score',
      });

      for (const failing of ['fail', 'garbage'] as const) {
        mode = failing;
        expect((await post(`nasty but unscored ${failing}`)).body.status).toBe('visible');
      }

      mode = 'slow';
      const started = Date.now();
      expect((await post('nasty and slow')).body.status).toBe('visible');
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(2900);
    } finally {
      await t.close();
    }
  });

  it('sends nothing when SCORING_URL is unset', async () => {
    const t = await createTestApp();
    try {
      const before = received.length;
      const moderator = await registerStaff(t);
      const author = await registerAccount(t);
      const id = await createArticle(t, moderator, { audience: 'registered' });
      await t
        .http()
        .post(`/api/v1/articles/${id}/comments`)
        .set(author.auth)
        .send({ body: `nasty ${randomUUID()}` })
        .expect(201);
      expect(received.length).toBe(before);
    } finally {
      await t.close();
    }
  });
});
