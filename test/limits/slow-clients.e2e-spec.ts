import { testDatabasePoolSize } from '@parley/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { registerStaff, uniqueEmail } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

// The embedded database is one session: a login flood's lookups queue behind each other there,
// which measures PGlite rather than the HTTP server. These run on a real PostgreSQL.
const describeOnServer = testDatabasePoolSize() > 1 ? describe : describe.skip;

jest.setTimeout(90_000);

interface Answer {
  status: number;
  code?: string;
  retryAfter?: string;
  ms: number;
}

/** A request over a real TCP connection of its own (no supertest, no shared agent). */
function request(port: number, method: string, path: string, body?: unknown): Promise<Answer> {
  const started = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { code?: string }).code;
          } catch {
            code = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            code,
            retryAfter: res.headers['retry-after'],
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Opens a connection that sends a POST's headers and then a byte of its body now and then,
 * never finishing it. Resolves once connected and the headers are written.
 */
function slowBody(port: number, sockets: net.Socket[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"email":"',
      );
      const trickle = setInterval(() => socket.write('a'), 2000);
      socket.on('close', () => clearInterval(trickle));
      resolve();
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Connections that go quiet, reporting how they ended: the status line received and when. */
function watchClose(socket: net.Socket): Promise<{ firstLine: string; ms: number }> {
  const started = performance.now();
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  return new Promise((resolve) =>
    socket.on('close', () =>
      resolve({ firstLine: received.split('\r\n')[0], ms: performance.now() - started }),
    ),
  );
}

/** A test app listening on a free port of 127.0.0.1 (these specs need real sockets). */
async function listeningApp(env: Record<string, string>): Promise<{ t: TestApp; port: number }> {
  const t = await createTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  return { t, port: (t.app.getHttpServer().address() as AddressInfo).port };
}

describe('password hashing budget', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    ({ t, port } = await listeningApp({
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE: '1',
    }));
  });
  afterAll(() => t.close());

  it('turns logins beyond the budget away at once with 503 and Retry-After, never as a wrong password', async () => {
    const email = uniqueEmail();
    await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: 'correct horse battery', displayName: 'Ada' })
      .expect(201);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request(port, 'POST', '/api/v1/auth/login', {
          email,
          password: i === 0 ? 'correct horse battery' : 'wrong password!!',
        }),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.code).toBe('service_unavailable');
      expect(answer.retryAfter).toBe('1');
    }
    for (const answer of answers.filter((a) => a.status !== 503))
      expect([200, 401]).toContain(answer.status);
    expect(answers.filter((a) => a.status !== 503).length).toBeGreaterThanOrEqual(2);
    // Once the burst is over the owner gets in.
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: 'correct horse battery' })
      .expect(200);
  });
});

describeOnServer('slow clients cannot starve the service', () => {
  describe('600 slow-body connections and a login flood', () => {
    let t: TestApp;
    let port: number;
    let articleId: string;
    const sockets: net.Socket[] = [];
    let requestsSeen = 0;

    beforeAll(async () => {
      ({ t, port } = await listeningApp({
        // Production's bounds, except that the slow bodies must outlive the test: this measures
        // the in-flight accounting, not the request timeout (tested below).
        MAX_IN_FLIGHT_REQUESTS: '512',
        HTTP_REQUEST_TIMEOUT_SECONDS: '300',
        HTTP_HEADERS_TIMEOUT_SECONDS: '300',
        // The reader's page comes from the database, not the anonymous cache.
        CACHE_TTL_MS: '0',
        RATE_LIMIT_DISABLED: 'true',
      }));
      t.app.getHttpServer().on('request', () => (requestsSeen += 1));
      const staff = await registerStaff(t);
      articleId = await createArticle(t, staff);
      for (let i = 0; i < 3; i++) await postComment(t, staff, articleId);
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await t.close();
    });

    it('still serves anonymous readers their page, within 2 s', async () => {
      const page = `/api/v1/articles/${articleId}/comments`;
      expect((await request(port, 'GET', page)).status).toBe(200);

      const before = requestsSeen;
      for (let i = 0; i < 600; i += 50) {
        await Promise.all(Array.from({ length: 50 }, () => slowBody(port, sockets)));
      }
      // Every slow request has reached the server (its headers are parsed) before readers come.
      const deadline = Date.now() + 20_000;
      while (requestsSeen - before < 600 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(requestsSeen - before).toBeGreaterThanOrEqual(600);

      let flooding = true;
      const floodAnswers: Answer[] = [];
      const flood = Array.from({ length: 48 }, async (_, n) => {
        while (flooding) {
          floodAnswers.push(
            await request(port, 'POST', '/api/v1/auth/login', {
              email: `nobody-${n}@example.com`,
              password: 'not the password',
            }),
          );
        }
      });
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const readers: Answer[] = [];
        for (let i = 0; i < 5; i++) readers.push(await request(port, 'GET', page));
        expect(readers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
        // The median, so that one scheduling hiccup of a busy test machine does not decide.
        const median = readers.map((r) => r.ms).sort((x, y) => x - y)[2];
        expect(median).toBeLessThan(2000);
      } finally {
        flooding = false;
        await Promise.all(flood);
      }
      // The flood was answered: wrong passwords, or at once when password checks are all busy.
      expect(floodAnswers.length).toBeGreaterThan(0);
      for (const answer of floodAnswers) {
        expect([
          [401, 'invalid_credentials'],
          [503, 'service_unavailable'],
        ]).toContainEqual([answer.status, answer.code]);
      }
    });
  });

  describe('request timeouts', () => {
    let t: TestApp;
    let port: number;

    beforeAll(async () => {
      ({ t, port } = await listeningApp({
        HTTP_HEADERS_TIMEOUT_SECONDS: '1',
        HTTP_REQUEST_TIMEOUT_SECONDS: '2',
      }));
    });
    afterAll(() => t.close());

    it('answers 408 and closes a connection whose body is not in after HTTP_REQUEST_TIMEOUT_SECONDS', async () => {
      const sockets: net.Socket[] = [];
      await slowBody(port, sockets);
      const ended = await watchClose(sockets[0]);
      expect(ended.firstLine).toBe('HTTP/1.1 408 Request Timeout');
      // 2 s, checked every second; generous bounds for a busy machine.
      expect(ended.ms).toBeGreaterThan(1500);
      expect(ended.ms).toBeLessThan(10_000);
    });

    it('closes a connection whose headers are not in after HTTP_HEADERS_TIMEOUT_SECONDS', async () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const trickle = setInterval(() => socket.write('X-Slow: a\r\n'), 200);
      const ended = await watchClose(socket);
      clearInterval(trickle);
      expect(ended.firstLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(ended.ms).toBeGreaterThan(500);
      expect(ended.ms).toBeLessThan(2000 + 8000);
    });

    it('serves a request that arrives in time', async () => {
      const answer = await request(port, 'GET', '/api/v1/health/ready');
      expect(answer.status).toBe(200);
    });
  });
});

/** Sends a GET on a connection kept open and resolves with the answer's status line and headers. */
function getOnSocket(socket: net.Socket, path: string): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString();
      const end = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received);
      if (end >= 0 && length && received.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(received.slice(0, end));
      }
    };
    socket.on('data', onData);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

describe('idle kept-alive connections', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    // Above Node's own 5 s, and above the headers timeout, which must not cut idle connections.
    ({ t, port } = await listeningApp({
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '7',
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
    }));
  });
  afterAll(() => t.close());

  it('stay open for HTTP_KEEP_ALIVE_TIMEOUT_SECONDS after an answer, then are closed', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    let closedAt = 0;
    socket.on('close', () => (closedAt = performance.now()));

    const first = await getOnSocket(socket, '/api/v1/health/live');
    expect(first.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(first).toMatch(/^keep-alive: timeout=7$/im);

    // Idle past Node's default keep-alive (5 s) and the headers timeout (1 s): still open.
    await new Promise((resolve) => setTimeout(resolve, 5500));
    expect(closedAt).toBe(0);
    const second = await getOnSocket(socket, '/api/v1/health/live');
    expect(second.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');

    const idleFrom = performance.now();
    await new Promise<void>((resolve) =>
      closedAt ? resolve() : socket.once('close', () => resolve()),
    );
    // 7 s after the answer; generous bounds for a busy machine.
    expect(closedAt - idleFrom).toBeGreaterThan(6000);
    expect(closedAt - idleFrom).toBeLessThan(12_000);
  });
});
