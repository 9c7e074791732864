import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import zlib from 'node:zlib';
import { errorBody } from './error-body';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth';

export const JSON_BODY_LIMIT = '100kb';
const WEBHOOK_BODY_LIMIT = '1mb';
const FORM_BODY_LIMIT = '2kb';
/** What body-parser inflates (zstd where Node has it: 22.15+, 23.8+); any other Content-Encoding is a 415. */
const INFLATED_ENCODINGS =
  typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function'
    ? 'gzip, deflate, br or zstd'
    : 'gzip, deflate or br';
export const RAW_BODY_PATHS = ['/api/v1/billing/webhook'];
/**
 * Also take form bodies: mail clients' one-click unsubscribe (RFC 8058 section 3.1: the body
 * SHOULD be multipart/form-data, MAY be urlencoded) and its page's button; at most 2 kB.
 */
export const FORM_BODY_PATHS = ['/api/v1/notifications/unsubscribe'];
const FORM_NOT_READ = 'form.parse.failed';

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

/**
 * Every JSON body of the API is an object: any other JSON value (an array, null, a string, a
 * number) is refused as such, not field by field. Malformed JSON stays a 400 invalid_json.
 */
function requireJsonObject(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
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
  const contentEncoding = req.headers['content-encoding'];
  if (err.type === 'entity.too.large') {
    // An inflated body over the limit, or a chunked one (no Content-Length): read whole first.
    answerTooLarge(req, res);
  } else if (
    err.type === 'entity.parse.failed' ||
    err.type === TOO_DEEP ||
    err.type === NOT_UTF8 ||
    (err.type === undefined && contentEncoding !== undefined && contentEncoding !== 'identity')
  ) {
    res
      .status(400)
      .json(
        errorBody('invalid_json', unreadableJson(err.type, contentEncoding), undefined, requestId),
      );
  } else if (err.type === 'encoding.unsupported') {
    res
      .status(415)
      .json(
        errorBody(
          'unsupported_media_type',
          `Content-Encoding ${String(contentEncoding)} is not supported; send the body as is or ${INFLATED_ENCODINGS}`,
          undefined,
          requestId,
        ),
      );
  } else if (err.type === 'charset.unsupported') {
    res
      .status(415)
      .json(
        errorBody('unsupported_media_type', 'Send the body as UTF-8 JSON', undefined, requestId),
      );
  } else if (err.type === FORM_NOT_READ) {
    res
      .status(400)
      .json(
        errorBody(
          'validation_failed',
          'The body is not a multipart/form-data form of text fields',
          undefined,
          requestId,
        ),
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

/**
 * A multipart/form-data body (read whole by express.raw, within FORM_BODY_LIMIT) becomes its
 * text fields, as express.urlencoded gives them (a repeated name: a list; no prototype), so the
 * route's DTO validates both alike. The platform's own parser (the fetch API's FormData) reads
 * it: a few lines instead of a dependency. A body that is not a form (a wrong or missing
 * boundary) or that carries a file is a 400 validation_failed.
 */
async function readMultipartFields(req: Request, next: NextFunction): Promise<void> {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return next(); // no body: nothing was read
  let fields: Record<string, string | string[]>;
  try {
    // The fetch API's Response (globalThis), not Express's type of the same name.
    const response = new globalThis.Response(body, {
      headers: { 'content-type': String(req.headers['content-type']) },
    });
    fields = textFields(await response.formData());
  } catch {
    return next(Object.assign(new Error('unreadable form'), { status: 400, type: FORM_NOT_READ }));
  }
  req.body = fields;
  next();
}

function textFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of form) {
    if (typeof value !== 'string') throw new Error('a file in the form');
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return fields;
}

const TOO_DEEP = 'entity.too.deep';
const NOT_UTF8 = 'entity.not.utf8';

function unreadableJson(type: string | undefined, contentEncoding: string | undefined): string {
  if (type === TOO_DEEP) return `The body nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (type === NOT_UTF8) return 'The body is not valid UTF-8';
  if (type === undefined) return `The body is not valid ${String(contentEncoding)} data`;
  return 'The body is not valid JSON';
}

/** body-parser's reading of our limits ('100kb': 102,400 bytes). */
function limitBytes(limit: string): number {
  const [, amount, unit] = /^(\d+)(kb|mb)$/.exec(limit) ?? [];
  if (!amount) throw new Error(`unreadable body limit ${limit}`);
  return Number(amount) * (unit === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * A body that says it is over the route's limit (Content-Length, sent as is) is refused before
 * any of it is read, and the connection closes after the answer. body-parser would first read it
 * whole (a client declaring 100 MB sends 100 MB for its 413), and for a client that declares more
 * than it sends, wait for it until HTTP_REQUEST_TIMEOUT_SECONDS and answer a bare 408. A
 * compressed body is measured once inflated, by body-parser.
 */
function refuseDeclaredOversize(req: Request, res: Response, next: NextFunction): void {
  const declared = Number(req.headers['content-length']);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const limit = bodyLimitOf(req);
  if (encoding === 'identity' && Number.isSafeInteger(declared) && declared > limitBytes(limit)) {
    res.setHeader('Connection', 'close');
    answerTooLarge(req, res);
    return;
  }
  next();
}

/** 413 payload_too_large, naming the limit of the body parser that reads `req`. */
function answerTooLarge(req: Request, res: Response): void {
  res
    .status(413)
    .json(
      errorBody(
        'payload_too_large',
        `The body exceeds ${bodyLimitOf(req)}`,
        undefined,
        String(req.id),
      ),
    );
}

/** The limit of the body parser that reads `req` (its 413 names it). */
function bodyLimitOf(req: Request): string {
  if (RAW_BODY_PATHS.includes(req.path)) return WEBHOOK_BODY_LIMIT;
  if (FORM_BODY_PATHS.includes(req.path) && !isJson(req)) return FORM_BODY_LIMIT;
  return JSON_BODY_LIMIT;
}

/**
 * body-parser's `verify` hook: runs on the raw (inflated) bytes before anything is decoded or
 * parsed. JSON is UTF-8 here (RFC 8259 section 8.1): a declared charset other than utf-8 is a 415,
 * and bytes that are not UTF-8 a 400 invalid_json (never decoded with U+FFFD and stored). Too
 * deep a body is a 400 invalid_json (bodyParserErrors). isUtf8 and the depth scan are single
 * passes over the Buffer (simdutf for the first).
 */
function checkRawJson(_req: Request, _res: Response, body: Buffer, encoding: string): void {
  if (encoding !== 'utf-8')
    throw Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported' });
  if (!isUtf8(body)) throw Object.assign(new Error('not UTF-8'), { type: NOT_UTF8 });
  if (jsonNestsDeeperThan(body))
    throw Object.assign(new Error('JSON nested too deep'), { type: TOO_DEEP });
}

/**
 * JSON bodies everywhere (at most 100 kB, nested at most 32 deep), except the Stripe webhook, which keeps its raw bytes
 * so that the signature can be checked over exactly what Stripe sent, and the form paths, which
 * also take urlencoded and multipart/form-data forms (at most 2 kB).
 */
export function configureBodyParsing(app: INestApplication): void {
  const json = express.json({
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    // Any JSON value parses, so that requireJsonObject answers every non-object alike.
    strict: false,
    verify: checkRawJson,
  });
  const raw = express.raw({ limit: WEBHOOK_BODY_LIMIT, type: () => true });
  const form = express.urlencoded({ limit: FORM_BODY_LIMIT, extended: false });
  const multipart = express.raw({ limit: FORM_BODY_LIMIT, type: 'multipart/form-data' });
  app.use(refuseDeclaredOversize);
  app.use(RAW_BODY_PATHS, raw);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (RAW_BODY_PATHS.includes(req.path)) return next();
    if (FORM_BODY_PATHS.includes(req.path) && req.is('application/x-www-form-urlencoded'))
      return form(req, res, next);
    if (FORM_BODY_PATHS.includes(req.path) && req.is('multipart/form-data'))
      return multipart(req, res, (error?: unknown) =>
        error ? next(error) : void readMultipartFields(req, next),
      );
    requireJsonContentType(req, res, () =>
      json(req, res, (error?: unknown) =>
        error ? next(error) : requireJsonObject(req, res, next),
      ),
    );
  });
  app.use(bodyParserErrors);
}
