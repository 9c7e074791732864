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
 * Serves the browser apps outside /api/v1: /embed/parley.js, /embed/demo (not in production),
 * /console/ and its hashed assets. Anything else goes on to the API (and its 404).
 */
export function webAssetsMiddleware(
  options: { production: boolean },
  assets: WebAssets = loadWebAssets(),
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
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
    if (path === '/console' && assets.consolePage) return res.redirect(301, '/console/');
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
