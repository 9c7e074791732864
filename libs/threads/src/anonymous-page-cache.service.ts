import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { ReadRouting } from '@parley/database';
import { ArticleVersions } from './article-versions.service';
import type { CommentPage } from './public-comment';

/** A page and its JSON as answered. */
export interface RenderedPage {
  page: CommentPage;
  body: string;
}

interface Entry {
  version: string;
  expiresAt: number;
  /** The page; shared by the readers who arrive while it loads. */
  rendered: Promise<RenderedPage>;
  /** Its JSON once loaded, for `peek`. */
  loaded?: string;
  /** That JSON in UTF-8, encoded on the first `peekEncoded`. */
  encoded?: Buffer;
  bytes: number;
}

/** The cache's variant of a thread's anonymous first page. */
export function anonymousPageVariant(sort: string, limit: number): string {
  return `${sort}:${limit}`;
}

function keyOf(articleId: string, variant: string): string {
  return `${articleId}\u0000${variant}`;
}

// Bounds the memory of the cache whatever the number of articles and limits asked for.
const MAX_BYTES = 32 * 1024 * 1024;
/** What an entry is counted as per character of its JSON: the string (2 bytes) and the page's objects. */
const BYTES_PER_CHARACTER = 4;

/**
 * Rendered first pages for readers who are not signed in, keyed by (article, sort, limit). An
 * entry serves while the article's version is the one it was built at and for at most
 * CACHE_TTL_MS (which bounds what a version cannot see: author names, badges, a lost bump).
 *
 * A page is built on the primary even where reads go to replicas: a replica that has not yet
 * replayed the change behind the version would otherwise fix the old page under the new version
 * until the next change or CACHE_TTL_MS. Builds are one per version and instance, not per reader.
 */
@Injectable()
export class AnonymousPageCache {
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    { values }: AppConfig,
    private readonly versions: ArticleVersions,
    private readonly routing: ReadRouting,
  ) {
    this.ttlMs = values.CACHE_TTL_MS;
  }

  /** Whether pages are cached at all (CACHE_TTL_MS > 0). */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  async get(
    articleId: string,
    variant: string,
    load: () => Promise<RenderedPage>,
  ): Promise<RenderedPage> {
    if (this.ttlMs === 0) return load();
    const version = await this.versions.current(articleId);
    if (version === null) return load();
    const key = keyOf(articleId, variant);
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && entry.expiresAt > now) return entry.rendered;
    if (entry) this.drop(key, entry);
    const rendered = this.routing.onPrimary(load);
    const fresh: Entry = { version, expiresAt: now + this.ttlMs, rendered, bytes: 0 };
    this.entries.set(key, fresh);
    fresh.rendered.then(
      ({ body }) => this.account(key, fresh, body),
      () => this.drop(key, fresh),
    );
    return fresh.rendered;
  }

  /**
   * The loaded page of (article, variant) at `version` when the cache holds it and it may still
   * serve, without loading anything: the fast path's lookup (see the API's AnonymousFastPath).
   */
  peek(articleId: string, variant: string, version: string): string | undefined {
    return this.serving(keyOf(articleId, variant), version)?.loaded;
  }

  /**
   * `peek`'s page as the UTF-8 bytes a response carries, encoded once per entry: the fast path
   * answers thousands of readers a second from one entry, and writing its string to the socket
   * encoded it again for each, a page-sized allocation and copy per answer.
   */
  peekEncoded(articleId: string, variant: string, version: string): Buffer | undefined {
    const key = keyOf(articleId, variant);
    const entry = this.serving(key, version);
    if (entry?.loaded === undefined) return undefined;
    if (!entry.encoded) {
      entry.encoded = Buffer.from(entry.loaded, 'utf8');
      this.charge(key, entry, entry.encoded.length);
    }
    return entry.encoded;
  }

  /** The entry under `key` when it was built at `version` and has not expired. */
  private serving(key: string, version: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version || entry.expiresAt <= Date.now()) return undefined;
    return entry;
  }

  private account(key: string, entry: Entry, body: string): void {
    if (this.entries.get(key) !== entry) return;
    entry.loaded = body;
    this.charge(key, entry, body.length * BYTES_PER_CHARACTER);
  }

  private charge(key: string, entry: Entry, bytes: number): void {
    entry.bytes += bytes;
    this.bytes += bytes;
    // Oldest first (a Map iterates in insertion order) until the cache fits again.
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.drop(oldKey, old);
    }
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
