import { Injectable } from '@nestjs/common';
import {
  AnonymousPageCache,
  anonymousPageVariant,
  ArticleVersions,
  CommentReadingService,
  type CommentSort,
} from '@parley/threads';
import type { Request, Response } from 'express';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { ReadRouting } from '@parley/database';
import { matches, strongEtag } from './anonymous-http-cache.service';
import { requestIdOf } from '../http/request-id.middleware';
import { renderCommentPage } from './threads.mapper';

/** Exact URLs remembered at most; beyond it they are all forgotten (a miss only costs the full path). */
const MAX_URLS = 10_000;
/** Headers of the full path's answer that belong to one answer, not to the URL. */
const PER_ANSWER = new Set([
  'x-request-id',
  'etag',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/** What the full path answered for one exact URL, replayed while the page stays cached. */
export interface Replay {
  articleId: string;
  sort: CommentSort;
  limit: number;
  /** A later page's position; the first page has none (and may be in the page cache). */
  cursor: string | undefined;
  /** The page cache's variant and the HTTP cache's (ETag) variant of the same read. */
  pageVariant: string;
  etagVariant: string;
  headers: OutgoingHttpHeaders;
}

/** What the server counts of a request the fast path answers (see answer()). */
export interface Admission {
  /** Counts an answer in flight for the shutdown; false while draining. */
  track(res: ServerResponse): boolean;
  /** Counts a request that reads the database against MAX_IN_FLIGHT_REQUESTS; false when full. */
  enter(res: ServerResponse): boolean;
}

/**
 * Anonymous pages of threads, answered ahead of Express and Nest: what most readers (and a CDN's
 * revalidations) ask for, where the framework's work per request cost about twenty times what
 * handing out a cached page's bytes costs (see README, Behind a CDN).
 *
 * It answers only what the full path has answered before for the same exact URL (so every rule
 * of that path, validation included, was applied to it): the page at the article's current
 * version, a first page from the page cache, or else built as the full path builds it (counted against
 * MAX_IN_FLIGHT_REQUESTS like any request that reads the database); the same headers (helmet's,
 * the caching ones), a fresh request id and the ETag of the current version; `If-None-Match`
 * holding it answers 304. A token, an `Origin` (CORS grants differ by origin), any other method,
 * a draining instance, a full instance or a page that fails to build (an article gone since)
 * goes the full path. Each answer logs the same one line as the full path's.
 */
@Injectable()
export class AnonymousFastPath {
  private readonly replays = new Map<string, Replay>();

  constructor(
    private readonly pages: AnonymousPageCache,
    private readonly versions: ArticleVersions,
    private readonly reading: CommentReadingService,
    private readonly routing: ReadRouting,
  ) {}

  /**
   * Called by the full path as it answers an anonymous page: once that answer has gone out with
   * 200, its URL may be replayed.
   */
  learn(
    req: Request,
    res: Response,
    articleId: string,
    page: { sort: CommentSort; limit: number; cursor: string | undefined },
    etagVariant: string,
  ): void {
    if (req.headers.authorization !== undefined || req.headers.origin !== undefined) return;
    const pageVariant = anonymousPageVariant(page.sort, page.limit);
    const url = req.originalUrl;
    res.once('finish', () => {
      if (res.statusCode !== 200) return;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(res.getHeaders()))
        if (!PER_ANSWER.has(name) && value !== undefined) headers[name] = value;
      if (this.replays.size >= MAX_URLS) this.replays.clear();
      this.replays.set(url, { articleId, ...page, pageVariant, etagVariant, headers });
    });
  }

  /**
   * Answers `req`, a request `replayFor` found a replay for, when it can (resolves true);
   * otherwise touches nothing and resolves false, for the full path to answer. It rejects when
   * the page failed to build, before anything was sent.
   */
  async answer(
    replay: Replay,
    req: IncomingMessage,
    res: ServerResponse,
    admission: Admission,
  ): Promise<boolean> {
    const started = process.hrtime.bigint();
    const version = await this.versions.current(replay.articleId);
    if (version === null) return false;
    const etag = strongEtag([replay.articleId], [version], replay.etagVariant);
    // A 304 needs the version alone, as on the full path; a 200 needs the page.
    const notModified = matches(req.headers['if-none-match'], etag);
    // Only first pages are in the page cache.
    let body: string | Buffer | undefined;
    if (notModified) body = '';
    else if (replay.cursor === undefined)
      body = this.pages.peekEncoded(replay.articleId, replay.pageVariant, version);
    if (body === undefined && !admission.enter(res)) return false;
    if (!admission.track(res)) return false;
    // Read as the full path reads for an anonymous GET (ReadRoutingInterceptor): a replica may serve it.
    body ??= await this.routing.reading(undefined, () =>
      this.reading.listRendered(
        replay.articleId,
        replay.sort,
        { cursor: replay.cursor, limit: replay.limit },
        undefined,
        renderCommentPage,
      ),
    );
    const id = requestIdOf(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', id);
    if (notModified) {
      res.writeHead(304, { ...withoutBodyHeaders(replay.headers), etag });
      res.end();
    } else {
      res.writeHead(200, {
        ...replay.headers,
        etag,
        'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
      });
      res.end(body);
    }
    PinoLogger.root.info(
      {
        req: { id, method: req.method, url: req.url },
        service: 'parley-api',
        // The response itself, as pino-http logs it: its serializer reads a status only from a
        // response whose headers were sent (a plain object logged `statusCode: null`).
        res,
        responseTime: Number(process.hrtime.bigint() - started) / 1e6,
      },
      'request completed',
    );
    return true;
  }

  /**
   * The replay for this request, when it is one the fast path may answer at all: decided without
   * waiting, so that every other request goes on to Express at once.
   */
  replayFor(req: IncomingMessage): Replay | undefined {
    if (req.method !== 'GET' || this.replays.size === 0) return undefined;
    const { authorization, origin } = req.headers;
    if (authorization !== undefined || origin !== undefined) return undefined;
    return this.replays.get(req.url ?? '');
  }
}

/** A 304 carries the caching headers of the 200 it stands for, not its body's. */
function withoutBodyHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const { 'content-type': _type, ...rest } = headers;
  return rest;
}
