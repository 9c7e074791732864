import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { webDir } from '../apps/api/src/embed/web-assets';
import { CONSOLE_CSP } from '../apps/api/src/embed/web-assets.middleware';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * The widget, its demo page and the console at the root (publishers' snippets) and under /api/v1
 * (the contract: every route there), through the whole application: helmet, CORS, the prefix.
 */
describe('The browser apps at / and at /api/v1', () => {
  let app: TestApp;
  beforeAll(async () => {
    if (!webDir())
      execFileSync(process.execPath, [path.join(__dirname, '../scripts/build-web.js')]);
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it.each(['', '/api/v1'])(
    '%s/embed/parley.js is the widget, cached briefly, loadable cross-origin',
    async (at) => {
      const widget = await app.http().get(`${at}/embed/parley.js`).expect(200);
      expect(widget.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(widget.headers['cache-control']).toBe('public, max-age=300');
      expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(widget.text).toContain('parley-comments');
      await app
        .http()
        .get(`${at}/embed/parley.js`)
        .set('If-None-Match', widget.headers.etag!)
        .expect(304);
    },
  );

  it('serves the same widget bytes and ETag at both paths', async () => {
    const [root, prefixed] = await Promise.all(
      ['/embed/parley.js', '/api/v1/embed/parley.js'].map((url) =>
        app
          .http()
          .get(url)
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          }),
      ),
    );
    expect(prefixed!.headers.etag).toBe(root!.headers.etag);
    expect(Buffer.compare(prefixed!.body as Buffer, root!.body as Buffer)).toBe(0);
  });

  it.each(['', '/api/v1'])(
    '%s/console/ is the console with its CSP, its script loads from there',
    async (at) => {
      const page = await app.http().get(`${at}/console/`).expect(200);
      expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
      const script = /<script defer src="(assets\/console-[0-9a-f]+\.js)">/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const asset = await app.http().get(`${at}/console/${script}`).expect(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      await app.http().get(`${at}/console`).expect(301).expect('Location', `${at}/console/`);
    },
  );

  it.each(['', '/api/v1'])('%s/embed/demo embeds the widget from beside itself', async (at) => {
    const demo = await app.http().get(`${at}/embed/demo?articleId=a-1`).expect(200);
    expect(demo.headers['cache-control']).toBe('no-store');
    expect(demo.text).toContain('<script src="parley.js" defer></script>');
    expect(demo.text).toContain('article-id="a-1"');
  });

  it('leaves other paths to the API', async () => {
    const missing = await app.http().get('/api/v1/embed/other.js').expect(404);
    expect(missing.body.code).toBe('not_found');
    await app.http().get('/api/v1/console/assets/../index.html').expect(404);
  });
});
