import { PrismaService } from '@parley/database';
import type { Server } from 'node:http';
import { registerAccount, registerStaff } from './support/accounts';
import { createArticle } from './support/threads';
import { captureStdout } from './support/capture-stdout';
import { createTestApp, TestApp } from './support/test-app';

interface RequestLine {
  level: number;
  msg: string;
  service: string;
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
}

describe('request log lines', () => {
  let t: TestApp;
  let capture: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    capture = captureStdout();
    t = await createTestApp({ LOG_LEVEL: 'info', MAX_IN_FLIGHT_REQUESTS: '1' });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
    capture.restore();
  });

  const lineFor = (id: string): RequestLine | undefined =>
    capture
      .text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as RequestLine)
      .find((line) => line.req?.id === id);

  async function until(id: string): Promise<RequestLine> {
    for (let i = 0; i < 100; i++) {
      const line = lineFor(id);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log line for request ${id}`);
  }

  it('writes one line per request: id, method, path with query, status and time', async () => {
    await t
      .http()
      .get('/api/v1/articles/no-such-article/comments?limit=5')
      .set('X-Request-Id', 'log-line-1')
      .expect(404);
    expect(await until('log-line-1')).toMatchObject({
      level: 30,
      service: 'parley-api',
      req: {
        id: 'log-line-1',
        method: 'GET',
        url: '/api/v1/articles/no-such-article/comments?limit=5',
      },
      res: { statusCode: 404 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
  });

  it('writes the same line for an answer of the anonymous fast path, with its status', async () => {
    const staff = await registerStaff(t);
    const articleId = await createArticle(t, staff);
    const url = `/api/v1/articles/${articleId}/comments?sort=newest&limit=5`;
    const full = await t.http().get(url).set('X-Request-Id', 'log-full').expect(200);
    await t.http().get(url).set('X-Request-Id', 'log-fast').expect(200);
    await t
      .http()
      .get(url)
      .set('X-Request-Id', 'log-fast-304')
      .set('If-None-Match', full.headers['etag'] as string)
      .expect(304);
    const line = (id: string, statusCode: number) => ({
      level: 30,
      service: 'parley-api',
      req: { id, method: 'GET', url },
      res: { statusCode },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(await until('log-full')).toMatchObject(line('log-full', 200));
    expect(await until('log-fast')).toMatchObject(line('log-fast', 200));
    expect(await until('log-fast-304')).toMatchObject(line('log-fast-304', 304));
  });

  it('never writes request headers such as the bearer token, a cookie or a Stripe signature', async () => {
    await t
      .http()
      .get('/api/v1/me')
      .set('Authorization', 'Bearer not-a-token-but-secret-looking-9931')
      .set('Cookie', 'session=cookie-secret-looking-9932')
      .set('X-Request-Id', 'log-line-2')
      .expect(401);
    expect((await until('log-line-2')).res.statusCode).toBe(401);
    await t
      .http()
      .post('/api/v1/billing/webhook')
      .set('Stripe-Signature', 't=1,v1=signature-secret-looking-9933')
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'log-line-3')
      .send('{}');
    await until('log-line-3');
    // Matched on the values' words: their digits alone also turn up in timestamps and ids.
    expect(capture.text()).not.toContain('secret-looking');
  });

  it('logs a request shed by MAX_IN_FLIGHT_REQUESTS (503) as a warning with its id', async () => {
    // A request counts once its body is read; this one then waits for a row lock held here, so
    // it stays in flight (a body that never finishes would not count).
    const account = await registerAccount(t);
    let unlock!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const lock = t.app.get(PrismaService).$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM users WHERE id = ${account.id}::uuid FOR UPDATE`;
        locked();
        await new Promise<void>((resolve) => (unlock = resolve));
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
    await isLocked;
    const held = t
      .http()
      .patch('/api/v1/me')
      .set(account.auth)
      .set('X-Request-Id', 'held-1')
      .send({ displayName: 'Held' })
      .then((res) => res.status);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));

      await t.http().get('/api/v1/articles/any/comments').set('X-Request-Id', 'shed-1').expect(503);
      expect(await until('shed-1')).toMatchObject({
        level: 40,
        context: 'InFlightLimit',
        req: { method: 'GET', url: '/api/v1/articles/any/comments' },
        statusCode: 503,
      });
    } finally {
      unlock();
      await lock;
    }
    expect(await held).toBe(200);
  });
});
