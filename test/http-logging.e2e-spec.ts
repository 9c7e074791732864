import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  let port: number;
  beforeAll(async () => {
    capture = captureStdout();
    t = await createTestApp({ LOG_LEVEL: 'info', MAX_IN_FLIGHT_REQUESTS: '1' });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
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

  it('never writes request headers such as the bearer token', async () => {
    await t
      .http()
      .get('/api/v1/me')
      .set('Authorization', 'Bearer not-a-token-but-secret-looking-9931')
      .set('X-Request-Id', 'log-line-2')
      .expect(401);
    expect((await until('log-line-2')).res.statusCode).toBe(401);
    expect(capture.text()).not.toContain('secret-looking-9931');
  });

  it('logs a request shed by MAX_IN_FLIGHT_REQUESTS (503) as a warning with its id', async () => {
    // The first request announces a body it never finishes: it stays in flight.
    const held = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: {
        'content-type': 'application/json',
        'content-length': '100',
        'x-request-id': 'held-1',
      },
    });
    held.on('error', () => undefined);
    held.write('{"email":');
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));

      await t.http().get('/api/v1/articles/any/comments').set('X-Request-Id', 'shed-1').expect(503);
      expect(await until('shed-1')).toMatchObject({
        level: 40,
        context: 'InFlightLimit',
        req: { method: 'GET', url: '/api/v1/articles/any/comments' },
        statusCode: 503,
      });
    } finally {
      held.destroy();
    }
  });
});
