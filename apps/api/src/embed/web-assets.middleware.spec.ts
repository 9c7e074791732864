import express from 'express';
import request from 'supertest';
import { CONSOLE_CSP, webAssetsMiddleware } from './web-assets.middleware';
import type { WebAsset, WebAssets } from './web-assets';

function asset(body: string, type = 'text/javascript; charset=utf-8'): WebAsset {
  return { body: Buffer.from(body), etag: `"${body.length}-etag"`, type };
}

function appWith(production: boolean, assets: Partial<WebAssets> = {}) {
  const app = express();
  app.use(
    webAssetsMiddleware(
      { production, prefix: '/api/v1' },
      {
        widget: asset('widget()'),
        consolePage: asset('<html></html>', 'text/html; charset=utf-8'),
        consoleAssets: new Map([['console-abc.js', asset('console()')]]),
        ...assets,
      },
    ),
  );
  app.use((_req, res) => res.status(404).send('api 404'));
  return app;
}

describe('webAssetsMiddleware', () => {
  it('serves the widget with a short cache, an ETag, a cross-origin resource policy and 304s', async () => {
    const first = await request(appWith(false)).get('/embed/parley.js').expect(200);
    expect(first.text).toBe('widget()');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['cross-origin-resource-policy']).toBe('cross-origin');
    await request(appWith(false))
      .get('/embed/parley.js')
      .set('If-None-Match', first.headers.etag)
      .expect(304);
  });

  it('serves hashed console assets immutable and the console page with its CSP', async () => {
    const hashed = await request(appWith(false)).get('/console/assets/console-abc.js').expect(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await request(appWith(false)).get('/console/').expect(200);
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(page.headers['cache-control']).toBe('no-cache');
    await request(appWith(false)).get('/console').expect(301).expect('Location', '/console/');
    await request(appWith(false)).get('/console/assets/../index.html').expect(404);
    await request(appWith(false)).get('/console/assets/other.js').expect(404);
  });

  it('serves the demo page outside production only, with the article id escaped or replaced', async () => {
    const page = await request(appWith(false)).get('/embed/demo?articleId=news/2026-a').expect(200);
    expect(page.text).toContain('article-id="news/2026-a"');
    const hostile = await request(appWith(false))
      .get('/embed/demo')
      .query({ articleId: '"><script>alert(1)</script>' })
      .expect(200);
    expect(hostile.text).not.toContain('<script>alert');
    expect(hostile.text).toContain('article-id="demo"');
    await request(appWith(true)).get('/embed/demo?articleId=a').expect(404);
  });

  it.each(['', '/api/v1'])('serves the same at %s, redirecting the console there', async (at) => {
    const widget = await request(appWith(false)).get(`${at}/embed/parley.js`).expect(200);
    expect(widget.text).toBe('widget()');
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
    await request(appWith(false))
      .get(`${at}/console`)
      .expect(301)
      .expect('Location', `${at}/console/`);
    await request(appWith(false))
      .get(`${at}/console/assets/console-abc.js`)
      .expect(200, 'console()');
    const demo = await request(appWith(false)).get(`${at}/embed/demo`).expect(200);
    expect(demo.text).toContain('<script src="parley.js" defer>');
    await request(appWith(false)).get(`${at}/api/v1/api/v1/embed/parley.js`).expect(404);
    await request(appWith(false)).get(`${at}/v1/embed/parley.js`).expect(404);
  });

  it('passes everything else, other methods and missing builds on to the API', async () => {
    await request(appWith(false)).post('/embed/parley.js').expect(404);
    await request(appWith(false, { widget: null }))
      .get('/embed/parley.js')
      .expect(404);
    await request(appWith(false)).get('/api/v1/health/live').expect(404, 'api 404');
  });
});
