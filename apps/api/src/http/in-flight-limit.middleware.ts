import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ServerResponse } from 'node:http';
import { isEventStreamRequest } from '../live/event-stream-route';
import { sendServiceUnavailable } from './error-body';

// Probes must still answer when the service sheds load, or an orchestrator would restart it.
const EXEMPT_PREFIX = '/api/v1/health';

/**
 * The requests one instance is serving, bounded by MAX_IN_FLIGHT_REQUESTS: shared by the
 * middleware below and by the anonymous fast path when it builds a page ahead of Express.
 */
export class InFlightRequests {
  private inFlight = 0;

  constructor(readonly max: number) {}

  /** Counts `res` until it finishes or its connection closes; false (nothing counted) when full. */
  enter(res: ServerResponse): boolean {
    if (this.max === 0) return true;
    if (this.inFlight >= this.max) return false;
    this.inFlight += 1;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    return true;
  }
}

/**
 * Answers 503 service_unavailable (Retry-After) once `max` requests are already in flight, so
 * that an overload queues in clients, not in this process's heap (each waiting request holds
 * its body, its sockets and the promises of its queries). 0 turns the bound off. Event streams
 * are not counted (they stay open for as long as their readers read; MAX_STREAMS bounds them).
 */
export function inFlightLimit(limit: number | InFlightRequests) {
  const requests = typeof limit === 'number' ? new InFlightRequests(limit) : limit;
  const logger = new Logger('InFlightLimit');
  return function inFlightLimitMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (req.path.startsWith(EXEMPT_PREFIX) || isEventStreamRequest(req)) return next();
    if (!requests.enter(res)) {
      // Answered before the request logger sees it, so shedding shows in the log here.
      logger.warn(
        { req: { id: req.id, method: req.method, url: req.originalUrl }, statusCode: 503 },
        'request shed: too many requests in flight',
      );
      sendServiceUnavailable(req, res, 'The service is overloaded; try again shortly');
      return;
    }
    next();
  };
}
