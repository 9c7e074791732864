import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-body';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

export const JSON_BODY_LIMIT = '100kb';
const WEBHOOK_BODY_LIMIT = '1mb';
export const RAW_BODY_PATHS = ['/api/v1/billing/webhook'];
/** Also take form bodies: mail clients' one-click unsubscribe (RFC 8058) and its page's button. */
export const FORM_BODY_PATHS = ['/api/v1/notifications/unsubscribe'];

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(req: Request): boolean {
  return req.is(['application/json', 'application/*+json']) !== false;
}

/** A body that is present but not JSON is a 415; a request without a body is left alone. */
function requireJsonContentType(req: Request, res: Response, next: NextFunction): void {
  if (hasBody(req) && !isJson(req)) {
    res
      .status(415)
      .json(
        errorBody(
          'unsupported_media_type',
          'Send the body as application/json',
          undefined,
          String(req.id),
        ),
      );
    return;
  }
  next();
}

/** Every JSON body of the API is an object: an array is refused as such, not field by field. */
function requireJsonObject(req: Request, res: Response, next: NextFunction): void {
  if (Array.isArray(req.body)) {
    res
      .status(400)
      .json(
        errorBody('validation_failed', 'The body must be a JSON object', undefined, String(req.id)),
      );
    return;
  }
  next();
}

function bodyParserErrors(
  err: { type?: string; status?: number },
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  const requestId = String(req.id);
  if (err.type === 'entity.too.large') {
    res
      .status(413)
      .json(
        errorBody('payload_too_large', `The body exceeds ${JSON_BODY_LIMIT}`, undefined, requestId),
      );
  } else if (err.type === 'entity.parse.failed' || err.type === TOO_DEEP) {
    res
      .status(400)
      .json(
        errorBody(
          'invalid_json',
          err.type === TOO_DEEP
            ? `The body nests deeper than ${MAX_JSON_DEPTH} levels`
            : 'The body is not valid JSON',
          undefined,
          requestId,
        ),
      );
  } else if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    res
      .status(415)
      .json(
        errorBody('unsupported_media_type', 'Send the body as UTF-8 JSON', undefined, requestId),
      );
  } else if (err.status && err.status >= 400 && err.status < 500) {
    res
      .status(400)
      .json(
        errorBody('validation_failed', 'The request body could not be read', undefined, requestId),
      );
  } else {
    next(err);
  }
}

const TOO_DEEP = 'entity.too.deep';

/**
 * body-parser's `verify` hook: runs on the raw body before JSON.parse. Too deep a body is a 400
 * invalid_json (bodyParserErrors); a UTF charset that cannot be decoded here is a 415.
 */
function refuseDeepJson(_req: Request, _res: Response, body: Buffer, encoding: string): void {
  let text: Uint8Array | string = body;
  if (encoding !== 'utf-8') {
    try {
      text = new TextDecoder(encoding).decode(body);
    } catch {
      throw Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported' });
    }
  }
  if (jsonNestsDeeperThan(text))
    throw Object.assign(new Error('JSON nested too deep'), { type: TOO_DEEP });
}

/**
 * JSON bodies everywhere (at most 100 kB, nested at most 32 deep), except the Stripe webhook, which keeps its raw bytes
 * so that the signature can be checked over exactly what Stripe sent.
 */
export function configureBodyParsing(app: INestApplication): void {
  const json = express.json({
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: refuseDeepJson,
  });
  const raw = express.raw({ limit: WEBHOOK_BODY_LIMIT, type: () => true });
  const form = express.urlencoded({ limit: '2kb', extended: false });
  app.use(RAW_BODY_PATHS, raw);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (RAW_BODY_PATHS.includes(req.path)) return next();
    if (FORM_BODY_PATHS.includes(req.path) && req.is('application/x-www-form-urlencoded'))
      return form(req, res, next);
    requireJsonContentType(req, res, () =>
      json(req, res, (error?: unknown) =>
        error ? next(error) : requireJsonObject(req, res, next),
      ),
    );
  });
  app.use(bodyParserErrors);
}
