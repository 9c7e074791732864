import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { articleCacheKey, ArticleVersions } from '@parley/threads';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';

/** Set on answers to a request that carries a token: never stored by a browser or a CDN. */
const SIGNED_IN = 'private, no-store';

/**
 * HTTP caching of the public thread reads. Readers without a token all get the same answer, so
 * it is `public` for CACHE_TTL_MS (at least 1 s; `no-cache` when CACHE_TTL_MS is 0: stored but
 * revalidated every time), with a strong ETag made of the articles' versions and the normalized
 * query: a conditional request is answered 304 after reading the versions only, before any page
 * is built. `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare) name the articles, so that the
 * purge queued on each change (ArticleChangeNotices) drops exactly their answers from the CDN.
 * Answers vary by Authorization (signed-in answers differ) and Origin (CORS grants).
 *
 * Errors never keep these headers: the exception filter answers them `no-store`.
 */
@Injectable()
export class AnonymousHttpCache {
  private readonly cacheControl: string;

  constructor(
    { values }: AppConfig,
    private readonly versions: ArticleVersions,
  ) {
    const maxAge = Math.max(1, Math.round(values.CACHE_TTL_MS / 1000));
    this.cacheControl =
      values.CACHE_TTL_MS === 0
        ? 'no-cache'
        : `public, max-age=${maxAge}, stale-while-revalidate=${values.HTTP_STALE_WHILE_REVALIDATE_SECONDS}`;
  }

  /**
   * Sets the caching headers of a read of `articleIds` (`variant`: the route and its normalized
   * query) and answers 304 when the request's If-None-Match holds the current ETag: then the
   * caller returns at once. A signed-in request gets `private, no-store` and is never answered
   * here. Without the articles' versions (Redis unreachable) there is no ETag. `articles` may be
   * a lookup (a comment's article), made only for anonymous requests; null (no such comment)
   * leaves the answer to the read, which then fails.
   */
  async notModified(
    req: Request,
    res: Response,
    articles: string[] | (() => Promise<string | null>),
    variant: string,
  ): Promise<boolean> {
    res.vary('Authorization');
    res.vary('Origin');
    if (req.headers.authorization !== undefined) {
      res.setHeader('Cache-Control', SIGNED_IN);
      return false;
    }
    const found = typeof articles === 'function' ? await articles() : articles;
    if (found === null) return false;
    const articleIds = typeof found === 'string' ? [found] : found;
    const keys = articleIds.map(articleCacheKey);
    res.setHeader('Cache-Control', this.cacheControl);
    res.setHeader('Surrogate-Key', keys.join(' '));
    res.setHeader('Cache-Tag', keys.join(','));
    const versions = await Promise.all(articleIds.map((id) => this.versions.current(id)));
    if (versions.includes(null)) return false;
    const etag = strongEtag(articleIds, versions as string[], variant);
    res.setHeader('ETag', etag);
    if (!matches(req.headers['if-none-match'], etag)) return false;
    res.status(304);
    return true;
  }
}

export function strongEtag(ids: string[], versions: string[], variant: string): string {
  const hash = createHash('sha256');
  // NUL never occurs in an id, a version or a variant: the fields cannot run into each other.
  for (let i = 0; i < ids.length; i += 1) hash.update(`${ids[i]}\u0000${versions[i]}\u0000`);
  hash.update(variant);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/` is ignored, `*` matches. */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
