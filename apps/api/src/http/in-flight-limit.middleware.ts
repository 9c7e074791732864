import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isEventStreamRequest } from '../live/event-stream-route';
import { sendServiceUnavailable } from './error-body';

// Probes must still answer when the service sheds load, or an orchestrator would restart it.
const EXEMPT_PREFIX = '/api/v1/health';

/**
 * Answers 503 service_unavailable (Retry-After) once `max` requests are already in flight, so
 * that an overload queues in clients, not in this process's heap (each waiting request holds
 * its body, its sockets and the promises of its queries). 0 turns the bound off. Event streams
 * are not counted (they stay open for as long as their readers read; MAX_STREAMS bounds them).
 */
export function inFlightLimit(max: number) {
  let inFlight = 0;
  const logger = new Logger('InFlightLimit');
  return function inFlightLimitMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (max === 0 || req.path.startsWith(EXEMPT_PREFIX) || isEventStreamRequest(req)) return next();
    if (inFlight >= max) {
      // Answered before the request logger sees it, so shedding shows in the log here.
      logger.warn(
        { req: { id: req.id, method: req.method, url: req.originalUrl }, statusCode: 503 },
        'request shed: too many requests in flight',
      );
      sendServiceUnavailable(req, res, 'The service is overloaded; try again shortly');
      return;
    }
    inFlight += 1;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      inFlight -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
