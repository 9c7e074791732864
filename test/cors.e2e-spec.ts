import { createTestApp, TestApp } from './support/test-app';

const PUBLISHER = 'https://news.example.com';
const OTHER = 'https://evil.example.net';
const page = '/api/v1/articles/a-story/comments';

// CORS_ORIGINS: the publisher's pages (where the widget runs) may call the API from a browser.
describe('CORS for publisher sites (CORS_ORIGINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: `${PUBLISHER}, http://localhost:8080` });
  });
  afterAll(() => t.close());

  it('grants a listed origin, without credentials, and varies by Origin', async () => {
    const answer = await t.http().get('/api/v1/health/live').set('Origin', PUBLISHER).expect(200);
    expect(answer.headers['access-control-allow-origin']).toBe(PUBLISHER);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(answer.headers.vary).toMatch(/Origin/);
  });

  it('answers a listed origin’s preflight for an authenticated post', async () => {
    const answer = await t
      .http()
      .options(page)
      .set('Origin', 'http://localhost:8080')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key')
      .expect(204);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(answer.headers['access-control-allow-methods']).toContain('POST');
    expect(answer.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(answer.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
    expect(answer.headers['access-control-max-age']).toBe('600');
  });

  it('gives any other origin no grant, on requests and preflights alike', async () => {
    const answer = await t.http().get('/api/v1/health/live').set('Origin', OTHER).expect(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t
      .http()
      .options(page)
      .set('Origin', OTHER)
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('grants nobody when CORS_ORIGINS is empty (the default)', async () => {
    const closed = await createTestApp();
    try {
      const answer = await closed.http().get('/api/v1/health/live').set('Origin', PUBLISHER);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
