import { randomUUID } from 'node:crypto';
import { CuttableTcpProxy, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';
import request from 'supertest';
import { registerStaff, TestAccount } from '../support/accounts';
import { killService, ServiceProcess, startService } from '../support/service-process';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle } from '../support/threads';
import { pollUntil } from '../support/poll';

jest.setTimeout(120_000);

// A restart of the real server is what these specs are about; the embedded one lives in this
// process and cannot be cut from under the app.
const describeOnPostgres = testDatabasePoolSize() > 1 ? describe : describe.skip;

const POSTS = 30;
const READY_DEADLINE_MS = 10_000;

interface Attempt {
  key: string;
  body: string;
  status: number;
  id?: string;
  retryAfter?: string;
  code?: string;
}

describeOnPostgres('PostgreSQL restarting under concurrent posts', () => {
  let proxy: CuttableTcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = new CuttableTcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    // Errors logged: a 500 here must show its cause in the run's output.
    t = await createTestApp({ DATABASE_URL: proxy.route(testDatabaseUrl()), LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.stop();
  });

  async function post(
    author: TestAccount,
    articleId: string,
    key: string,
    body: string,
    parentId?: string,
  ) {
    const res = await t
      .http()
      .post(`/api/v1/articles/${encodeURIComponent(articleId)}/comments`)
      .set(author.auth)
      .set('Idempotency-Key', key)
      .send({ body, ...(parentId ? { parentId } : {}) });
    return {
      key,
      body,
      status: res.status,
      id: res.status === 201 ? (res.body.id as string) : undefined,
      retryAfter: res.headers['retry-after'] as string | undefined,
      code: res.body?.code as string | undefined,
    };
  }

  // An orderly close (FIN) and a reset (RST) reach the service as different errors: pg's
  // "Connection terminated" and adapter-pg's { kind: 'ConnectionClosed' }, the latter bare when
  // it hits a COMMIT.
  it.each([
    ['closed', false],
    ['reset', true],
  ])(
    'with connections %s: answers 201 or 503 with Retry-After, loses no acknowledged comment, and duplicates none on retry',
    async (_how, reset) => {
      const author = await registerStaff(t);
      const articleId = await createArticle(t, author);
      const parent = await post(author, articleId, randomUUID(), 'the parent');
      // Top-level posts (one statement) and replies (an interactive transaction), interleaved.
      const posts = Array.from({ length: POSTS }, (_, i) => ({
        key: randomUUID(),
        body: `comment ${i} ${randomUUID()}`,
        parentId: i % 2 === 1 ? parent.id : undefined,
      }));

      // Every connection to the server drops while the posts are in flight, as in a fast restart:
      // the server is back a moment later, while some of them are still being answered.
      const inFlight = posts.map((p) => post(author, articleId, p.key, p.body, p.parentId));
      await Promise.race(inFlight);
      await proxy.cut({ reset });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await proxy.restore();
      const answers: Attempt[] = await Promise.all(inFlight);

      for (const answer of answers) {
        expect([201, 503]).toContain(answer.status);
        if (answer.status === 503) {
          expect(answer.code).toBe('service_unavailable');
          expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        }
      }

      const ready = await pollUntil(
        async () => (await t.http().get('/api/v1/health/ready')).status === 200,
        READY_DEADLINE_MS,
      );
      expect(ready).toBe(true);

      // Clients retry everything they are unsure of with the same keys (and a 201 may be retried too).
      const retries = await Promise.all(
        posts.map((p) => post(author, articleId, p.key, p.body, p.parentId)),
      );
      expect(retries.map((r) => r.status)).toEqual(answers.map(() => 201));
      for (const [i, answer] of answers.entries())
        if (answer.status === 201) expect(retries[i].id).toBe(answer.id);

      const list = await t
        .http()
        .get(`/api/v1/articles/${encodeURIComponent(articleId)}/comments?limit=100`)
        .set(author.auth)
        .expect(200);
      const topLevel = (list.body.items as { id: string }[]).map((c) => c.id);
      const replies = await t
        .http()
        .get(`/api/v1/comments/${parent.id}/replies?limit=100`)
        .set(author.auth)
        .expect(200);
      const listed = [...topLevel, ...(replies.body.items as { id: string }[]).map((c) => c.id)];
      expect(listed.sort()).toEqual([parent.id, ...retries.map((r) => r.id)].sort());
    },
  );
});

describeOnPostgres('a hard kill right after acknowledged posts', () => {
  let service: ServiceProcess | undefined;
  afterEach(() => killService(service));

  it('loses none of them', async () => {
    // The author and the article, through an app on the same database.
    const t = await createTestApp();
    const author = await registerStaff(t);
    const articleId = await createArticle(t, author);
    await t.close();

    service = await startService();
    const http = request(service.baseUrl);
    const acknowledged = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const res = await http
          .post(`/articles/${encodeURIComponent(articleId)}/comments`)
          .set(author.auth)
          .send({ body: `before the kill ${i}` });
        expect(res.status).toBe(201);
        return res.body.id as string;
      }),
    );
    service.child.kill('SIGKILL');
    expect(await service.exited).toBeNull();

    service = await startService();
    const list = await request(service.baseUrl)
      .get(`/articles/${encodeURIComponent(articleId)}/comments?limit=100`)
      .expect(200);
    const listed = (list.body.items as { id: string }[]).map((c) => c.id);
    expect(listed.sort()).toEqual([...acknowledged].sort());
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});
