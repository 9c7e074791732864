import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { isDataException, isDatabaseUnavailableError } from '@parley/database';
import { DomainError, ErrorCode } from '@parley/errors';
import type { Request, Response } from 'express';
import { errorBody } from './error-body';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'validation_failed',
  [HttpStatus.UNAUTHORIZED]: 'unauthenticated',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'not_found',
  [HttpStatus.CONFLICT]: 'conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported_media_type',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'service_unavailable',
};

/**
 * The one place where failures become responses: domain errors by their code, Nest's own
 * exceptions by status, an unreachable database as 503, a value PostgreSQL refused (SQLSTATE
 * class 22) as 400, and anything else as a logged 500. A foreign-key violation (23503) stays a
 * 500 on purpose: services look up what a request names before writing a reference to it (an
 * unknown id is their 404 or 400), so a violation is a missed check or a race, to be seen in the
 * log and fixed there, not a client's mistake a generic 4xx could name correctly.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    // An error is never stored by a browser or a CDN, nor does it keep a read's cache headers.
    response.setHeader('Cache-Control', 'no-store');
    for (const name of ['ETag', 'Surrogate-Key', 'Cache-Tag']) response.removeHeader(name);
    const requestId = String(request.id ?? '');

    if (exception instanceof DomainError) {
      for (const [name, value] of Object.entries(exception.headers ?? {}))
        response.setHeader(name, value);
      response.status(exception.status).json({
        ...errorBody(exception.code, exception.message, exception.details, requestId),
        // A code answered with another status on one route (ERROR_STATUS_ELSEWHERE).
        statusCode: exception.status,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed');
      const message =
        status === HttpStatus.NOT_FOUND
          ? `No route for ${request.method} ${request.originalUrl.split('?')[0]}`
          : exception.message;
      response
        .status(status)
        .json({ ...errorBody(code, message, undefined, requestId), statusCode: status });
      return;
    }
    if (isDatabaseUnavailableError(exception)) {
      this.logger.warn({ err: describe(exception) }, 'database unavailable');
      response.setHeader('Retry-After', '5');
      response
        .status(503)
        .json(
          errorBody(
            'service_unavailable',
            'The service is temporarily unavailable; try again shortly',
            undefined,
            requestId,
          ),
        );
      return;
    }
    if (isDataException(exception)) {
      // The edge's checks should have refused the value: logged, so that the gap gets closed.
      this.logger.warn({ err: describe(exception) }, 'value refused by the database');
      response
        .status(400)
        .json(
          errorBody(
            'validation_failed',
            'The request holds a value that cannot be stored',
            undefined,
            requestId,
          ),
        );
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    response
      .status(500)
      .json(
        errorBody(
          'internal_error',
          `Internal error; quote request id ${requestId}`,
          undefined,
          requestId,
        ),
      );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
