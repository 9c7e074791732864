import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Sends `head` and `body` on a connection of its own and never anything more, and resolves with
 * everything the server sent until it closed the connection.
 */
function rawExchange(port: number, head: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head + body));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness', async () => {
    await t.http().get('/api/v1/health/live').expect(200, { status: 'ok' });
    await t.http().get('/api/v1/health/ready').expect(200, { status: 'ok', database: 'up' });
  });

  it('answers unknown routes with 404 not_found in the error shape', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      code: 'not_found',
      message: expect.any(String),
    });
    // Outside the API's prefix too, once the web assets have had their turn: never Express's page.
    for (const [method, path] of [
      ['get', '/nothing'],
      ['get', '/'],
      ['get', '/api/v10/articles'],
      ['get', '/embed/nothing.js'],
      ['get', '/console/nothing'],
      ['post', '/embed/parley.js'],
      ['put', '/console/'],
    ] as const) {
      const outside = await t.http()[method](path).expect(404);
      expect(outside.headers['content-type']).toMatch(/^application\/json/);
      expect(outside.body).toMatchObject({
        statusCode: 404,
        code: 'not_found',
        message: `No route for ${method.toUpperCase()} ${path}`,
        requestId: outside.headers['x-request-id'],
      });
    }
  });

  it('answers broken JSON with 400 invalid_json', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'invalid_json' });
  });

  it('answers any JSON body that is not an object with 400 validation_failed, never a field-by-field guess', async () => {
    for (const body of ['[]', '[{"email":"a@b.co"}]', 'null', '"text"', '42', ' true ']) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        message: 'The body must be a JSON object',
      });
    }
    for (const body of ['nul', '"text', '{"email":"a@b.co"}}']) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('invalid_json');
    }
  });

  describe('what a JSON body may be sent as', () => {
    const login = '{"email":"nobody@example.com","password":"correct horse battery"}';
    // Bytes as given: superagent would otherwise JSON-encode a Buffer sent as application/json.
    const post = (headers: Record<string, string>, body: string | Buffer = login) =>
      t
        .http()
        .post('/api/v1/auth/login')
        .set(headers)
        .serialize((bytes: unknown) => bytes as string)
        .send(body);

    it('takes charset=utf-8 in any case, and refuses every other charset with 415', async () => {
      for (const charset of ['utf-8', 'UTF-8', 'Utf-8'])
        await post({ 'Content-Type': `application/json; charset=${charset}` }).expect(401);
      for (const charset of ['utf-16', 'UTF-16LE', 'utf-16be', 'iso-8859-1', 'latin1', 'utf8']) {
        const res = await post(
          { 'Content-Type': `application/json; charset=${charset}` },
          Buffer.from(login, charset.toLowerCase().startsWith('utf-16') ? 'utf16le' : 'utf8'),
        ).expect(415);
        expect(res.body).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });
      }
    });

    it('takes gzip, deflate and br bodies; another Content-Encoding is a 415, a corrupt one a 400', async () => {
      const json = { 'Content-Type': 'application/json' };
      await post({ ...json, 'Content-Encoding': 'gzip' }, gzipSync(login)).expect(401);
      await post({ ...json, 'Content-Encoding': 'deflate' }, deflateSync(login)).expect(401);
      await post({ ...json, 'Content-Encoding': 'br' }, brotliCompressSync(login)).expect(401);
      for (const encoding of ['compress', 'x-unknown']) {
        const res = await post({ ...json, 'Content-Encoding': encoding }).expect(415);
        expect(res.body).toMatchObject({ code: 'unsupported_media_type' });
        expect(res.body.message).toContain(encoding);
      }
      for (const encoding of ['br', 'gzip']) {
        const res = await post({ ...json, 'Content-Encoding': encoding }).expect(400);
        expect(res.body).toMatchObject({ code: 'invalid_json' });
      }
    });
  });

  it('answers a body over 100 kB with 413 payload_too_large', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.co', password: 'x'.repeat(110_000) })
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      message: 'The body exceeds 100kb',
    });
  });

  it("names the Stripe webhook's own limit (1 MB of raw body) in its 413", async () => {
    const res = await t
      .http()
      .post('/api/v1/billing/webhook')
      .set('Content-Type', 'application/json')
      .send(' '.repeat(2_000_000))
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      message: 'The body exceeds 1mb',
    });
  });

  it('refuses a body declared over the limit before reading any of it, and closes the connection', async () => {
    // Had the server waited for the declared bytes, the request timeout would end it with a 408.
    const own = await createTestApp({ HTTP_REQUEST_TIMEOUT_SECONDS: '3' });
    try {
      await own.app.listen(0, '127.0.0.1');
      const { port } = own.app.getHttpServer().address() as AddressInfo;
      const ask = (path: string, length: number) =>
        rawExchange(
          port,
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${length}\r\n\r\n`,
          '{"email":',
        );
      for (const [path, length, limit] of [
        ['/api/v1/auth/login', 50_000_000, '100kb'],
        ['/api/v1/auth/login', 100 * 1024 + 1, '100kb'],
        ['/api/v1/billing/webhook', 1024 * 1024 + 1, '1mb'],
      ] as const) {
        const answer = await ask(path, length);
        const [head, body] = answer.split('\r\n\r\n');
        expect(head.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
        expect(head.toLowerCase()).toContain('connection: close');
        expect(JSON.parse(body)).toMatchObject({
          code: 'payload_too_large',
          message: `The body exceeds ${limit}`,
        });
      }
      // At the limit, the body is awaited as usual: this one never comes, so the timeout ends it.
      const waited = await ask('/api/v1/auth/login', 100 * 1024);
      expect(waited.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    } finally {
      await own.close();
    }
  });

  it('answers a body that is not JSON with 415 unsupported_media_type', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'text/plain')
      .send('email=a')
      .expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });
    await t.http().post('/api/v1/auth/login').type('form').send({ email: 'a@b.co' }).expect(415);
  });

  it('sets security headers and a request id, and hides the framework', async () => {
    const res = await t.http().get('/api/v1/health/live').expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t
      .http()
      .get('/api/v1/health/live')
      .set('X-Request-Id', 'abc-123')
      .expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const errored = await t.http().get('/api/v1/nothing').expect(404);
    expect(errored.headers['x-request-id']).toBe(errored.body.requestId);
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const doc = await t.http().get('/api/v1/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health/ready', '/api/v1/auth/register', '/api/v1/me']),
    );
    await t.http().get('/api/v1/docs').expect(200);
  });
});
