import { PrismaService, SqlClient } from '@parley/database';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { waitUntil } from '../support/poll';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment, uniqueArticleId } from '../support/threads';
import { verify, WebhookReceiver } from '../webhooks/receiver';

jest.setTimeout(60_000);

const ORIGIN = 'https://news.example';
const BASE_ENV = {
  CACHE_TTL_MS: '5000',
  HTTP_STALE_WHILE_REVALIDATE_SECONDS: '45',
  CORS_ORIGINS: ORIGIN,
  OUTBOX_POLL_INTERVAL_MS: '50',
  OUTBOX_RETRY_BASE_SECONDS: '1',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  ARTICLE_CHANGED_INTERVAL_SECONDS: '0',
};

/** A CDN's purge API on 127.0.0.1: keeps each request's method, path and headers. */
class PurgeReceiver {
  readonly received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  /** Paths whose next request is answered 500. */
  readonly failing = new Set<string>();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        const fail = this.failing.delete(req.url ?? '');
        res.writeHead(fail ? 500 : 200).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  for(path: string) {
    return this.received.filter((request) => request.url === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function expectPublic(res: Response, articleIds: string[]): void {
  expect(res.headers['cache-control']).toBe('public, max-age=5, stale-while-revalidate=45');
  expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  const keys = articleIds.map((id) => `article-${encodeURIComponent(id)}`);
  expect(res.headers['surrogate-key']).toBe(keys.join(' '));
  expect(res.headers['cache-tag']).toBe(keys.join(','));
  expectVary(res);
}

/** Authorization and Origin, each once (the CORS code already names Origin). */
function expectVary(res: Response): void {
  const vary = String(res.headers['vary'])
    .split(',')
    .map((name) => name.trim().toLowerCase());
  expect(vary.filter((name) => name === 'origin')).toHaveLength(1);
  expect(vary.filter((name) => name === 'authorization')).toHaveLength(1);
}

describe('HTTP caching of the public thread reads', () => {
  let t: TestApp;
  let staff: TestAccount;
  let reader: TestAccount;
  let liker: TestAccount;
  let purges: PurgeReceiver;
  let hooks: WebhookReceiver;
  let secret: string;
  let articleId: string;
  let top: { id: string };

  const path = (id: string) => `/api/v1/articles/${encodeURIComponent(id)}`;
  const routes = () => [
    { url: `${path(articleId)}/comments?limit=5`, ids: [articleId] },
    { url: `${path(articleId)}/comments?sort=top&limit=2`, ids: [articleId] },
    { url: `/api/v1/comments/${top.id}/replies`, ids: [articleId] },
    { url: `/api/v1/comments/${top.id}`, ids: [articleId] },
    { url: path(articleId), ids: [articleId] },
    {
      url: `/api/v1/articles?ids=${encodeURIComponent(articleId)},other-1`,
      ids: [articleId, 'other-1'],
    },
  ];

  beforeAll(async () => {
    purges = new PurgeReceiver();
    const purgeBase = await purges.start();
    t = await createTestApp({
      ...BASE_ENV,
      CDN_PURGE_URL: `${purgeBase}/service/X/purge/{key}`,
      CDN_PURGE_HEADERS: 'Fastly-Key: test-token',
    });
    staff = await registerStaff(t, 'admin');
    reader = await registerAccount(t);
    liker = await registerStaff(t);
    hooks = new WebhookReceiver();
    const res = await t
      .http()
      .post('/api/v1/admin/webhooks')
      .set(staff.auth)
      .send({ url: await hooks.start(), events: ['article.changed'] })
      .expect(201);
    secret = res.body.secret;
    articleId = await createArticle(t, staff, {}, uniqueArticleId('politics/budget:2027'));
    top = await postComment(t, staff, articleId, 'The top comment');
    await postComment(t, staff, articleId, 'A reply', top.id);
  });
  afterAll(async () => {
    await t.app.get(PrismaService).webhookEndpoint.deleteMany();
    await t.close();
    await purges.stop();
    await hooks.stop();
  });

  it('answers every anonymous read public, with a strong ETag, Vary and the article keys', async () => {
    for (const route of routes()) {
      const res = await t.http().get(route.url).set('Origin', ORIGIN).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expectPublic(res, route.ids);
    }
  });

  it('names an article whose id holds / and : by its URL-encoded key', async () => {
    const res = await t.http().get(path(articleId)).expect(200);
    const key = `article-${articleId.replace(/\//g, '%2F').replace(/:/g, '%3A')}`;
    expect(res.headers['surrogate-key']).toBe(key);
    expect(key).not.toMatch(/[/ ,]/);
  });

  it('answers signed-in readers private, no-store, without the article keys or our ETag', async () => {
    for (const route of routes()) {
      const res = await t.http().get(route.url).set(reader.auth).expect(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['surrogate-key']).toBeUndefined();
      expectVary(res);
    }
  });

  it('answers If-None-Match with 304 after the version check alone, no page query', async () => {
    // Every read the stores make for an answer (pages, replies, a comment, an article, counts)
    // goes through the SqlClient.
    const sql = t.app.get(SqlClient);
    const spies = [
      jest.spyOn(sql, 'query'),
      jest.spyOn(sql, 'queryRead'),
      jest.spyOn(sql, 'queryPrepared'),
      jest.spyOn(sql, 'queryReadPrepared'),
    ];
    // Counted by what they read (the outbox worker polls meanwhile), once per statement (one
    // method may hand it on to another).
    const queries = () =>
      new Set(
        spies
          .flatMap((spy) => spy.mock.calls as unknown[][])
          .map((args) => args.find((arg) => typeof arg === 'object') as { sql: string })
          .filter((statement) => /\b(comments|articles)\b/.test(statement.sql)),
      ).size;
    try {
      for (const route of routes()) {
        const first = await t.http().get(route.url).expect(200);
        const etag = first.headers['etag'];
        spies.forEach((spy) => spy.mockClear());
        const again = await t
          .http()
          .get(route.url)
          .set('If-None-Match', `"other", W/${etag}`)
          .expect(304);
        expect(again.text).toBe('');
        expect(again.headers['etag']).toBe(etag);
        expectPublic(again, route.ids);
        // A comment's routes look up its article (one read by primary key), nothing else.
        expect(queries()).toBe(route.url.startsWith('/api/v1/comments/') ? 1 : 0);
        // The spies see the reads: a signed-in reader's (never from a cache) are counted.
        spies.forEach((spy) => spy.mockClear());
        await t.http().get(route.url).set(reader.auth).expect(200);
        expect(queries()).toBeGreaterThan(0);
        // Another ETag, or a token, is never answered 304.
        await t.http().get(route.url).set('If-None-Match', '"other"').expect(200);
        await t.http().get(route.url).set(reader.auth).set('If-None-Match', etag).expect(200);
      }
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    const a = await t.http().get(`${path(articleId)}/comments?limit=5`);
    const b = await t.http().get(`${path(articleId)}/comments?limit=6`);
    expect(a.headers['etag']).not.toBe(b.headers['etag']);
  });

  it('changes the ETag on a post, a like, an edit and a moderation decision', async () => {
    const list = `${path(articleId)}/comments`;
    const etag = async () => (await t.http().get(list).expect(200)).headers['etag'] as string;
    const seen = [await etag()];
    const own = await postComment(t, staff, articleId, 'Another one');
    seen.push(await etag());
    await t.http().put(`/api/v1/comments/${top.id}/like`).set(liker.auth).expect(204);
    seen.push(await etag());
    await t
      .http()
      .patch(`/api/v1/comments/${own.id}`)
      .set(staff.auth)
      .send({ body: 'Edited' })
      .expect(200);
    seen.push(await etag());
    await t
      .http()
      .post(`/api/v1/moderation/comments/${own.id}/pin`)
      .set(staff.auth)
      .send({})
      .expect((res) => expect(res.status).toBeLessThan(300));
    seen.push(await etag());
    expect(new Set(seen).size).toBe(seen.length);
    const stale = await t.http().get(list).set('If-None-Match', seen[0]).expect(200);
    expect(stale.body.items.length).toBeGreaterThan(0);
  });

  it('never lets an error be cached publicly', async () => {
    for (const url of [
      path(uniqueArticleId()),
      `${path(uniqueArticleId())}/comments`,
      '/api/v1/comments/00000000-0000-4000-8000-000000000000',
      `${path(articleId)}/comments?limit=0`,
      '/api/v1/articles?ids=',
    ]) {
      const res = await t.http().get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['surrogate-key']).toBeUndefined();
    }
  });

  it('calls the purge URL with the article key after a post, and retries after a 500', async () => {
    const id = uniqueArticleId('world/eu');
    const purgePath = `/service/X/purge/${encodeURIComponent(`article-${encodeURIComponent(id)}`)}`;
    await createArticle(t, staff, {}, id);
    purges.failing.add(purgePath);
    await postComment(t, staff, id, 'Purge me');
    await waitUntil(async () => purges.for(purgePath).length >= 2);
    const [failed, retried] = purges.for(purgePath);
    expect(failed.method).toBe('POST');
    expect(retried.headers['fastly-key']).toBe('test-token');
  });

  it('records article.changed for a registered endpoint', async () => {
    const id = uniqueArticleId();
    await createArticle(t, staff, {}, id);
    await postComment(t, staff, id, 'Tell the publisher');
    const [received] = await hooks.waitFor('article.changed', { articleId: id });
    expect(verify(secret, received).data).toEqual({ articleId: id, commentCount: 1 });
  });
});

describe('HTTP caching with the cache off (CACHE_TTL_MS=0)', () => {
  let t: TestApp;
  let staff: TestAccount;

  beforeAll(async () => {
    t = await createTestApp({ ...BASE_ENV, CACHE_TTL_MS: '0' });
    staff = await registerStaff(t);
  });
  afterAll(() => t.close());

  it('answers no-cache, and still revalidates with the ETag', async () => {
    const articleId = await createArticle(t, staff);
    const url = `/api/v1/articles/${encodeURIComponent(articleId)}/comments`;
    const first = await t.http().get(url).expect(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    await t.http().get(url).set('If-None-Match', first.headers['etag']).expect(304);
  });
});
