import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-body';

const HEALTH_PREFIX = '/api/v1/health';

/**
 * PARLEY_ROLE=worker: the instance does background work and answers only its health probes, so a
 * worker that a Service selects by mistake serves no reader.
 */
export function healthOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith(HEALTH_PREFIX)) return next();
  res
    .status(404)
    .json(
      errorBody(
        'not_found',
        'This instance runs background work only (PARLEY_ROLE=worker)',
        undefined,
        String((req as { id?: unknown }).id ?? ''),
      ),
    );
}
