import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-body';

/**
 * What is left of a request outside the API's prefix once the web assets have had their turn
 * (the widget, its demo page, the console) is a 404 in the contract's error shape, as an unknown
 * route under the prefix is. Nest answers only under its global prefix; without this, Express's
 * own HTML page ("Cannot GET /x") answered, telling the framework.
 */
export function notFoundOutsideApi(prefix: string) {
  const base = `/${prefix}`;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path === base || req.path.startsWith(`${base}/`)) return next();
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(404)
      .json(
        errorBody(
          'not_found',
          `No route for ${req.method} ${req.originalUrl.split('?')[0]}`,
          undefined,
          String(req.id),
        ),
      );
  };
}
