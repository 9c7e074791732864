import type { NextFunction, Request, Response } from 'express';
import { demoPage } from './demo-page';
import { loadWebAssets, WebAsset, WebAssets } from './web-assets';

/** The widget's URL never changes (publishers embed it): a short cache, revalidated by ETag. */
const WIDGET_CACHE = 'public, max-age=300';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Exactly what the console page needs: its own script and styles (Lit adopts constructed
 * stylesheets), calls to this origin, no framing.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the browser apps: /embed/parley.js, /embed/demo (not in production), /console/ and its
 * hashed assets, each at the root (where publishers' snippets and the README point) and the same
 * under `options.prefix` (/api/v1, where the contract puts every route). Same bytes, same headers;
 * the console and demo pages name their scripts relatively, so each loads them from where it was
 * served. Anything else goes on to the API (and its 404).
 */
export function webAssetsMiddleware(
  options: { production: boolean; prefix?: string },
  assets: WebAssets = loadWebAssets(),
) {
  const prefix = options.prefix ?? '';
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const mount = prefix && req.path.startsWith(`${prefix}/`) ? prefix : '';
    const path = req.path.slice(mount.length);
    if (path === '/embed/parley.js' && assets.widget) {
      // Publishers load it from their own origin: helmet's same-origin CORP would block that.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      return send(req, res, assets.widget, WIDGET_CACHE);
    }
    if (path === '/embed/demo' && !options.production) {
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(demoPage(req.query.articleId));
      return;
    }
    if (path === '/console' && assets.consolePage) return res.redirect(301, `${mount}/console/`);
    if (path === '/console/' && assets.consolePage) {
      res.setHeader('Content-Security-Policy', CONSOLE_CSP);
      return send(req, res, assets.consolePage, 'no-cache');
    }
    const asset = path.startsWith('/console/assets/')
      ? assets.consoleAssets.get(path.slice('/console/assets/'.length))
      : undefined;
    if (asset) return send(req, res, asset, IMMUTABLE);
    next();
  };
}

function send(req: Request, res: Response, asset: WebAsset, cacheControl: string): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Content-Type', asset.type);
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : asset.body);
}
