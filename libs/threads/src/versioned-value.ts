import type { ArticleVersions } from './article-versions.service';

interface Cached<T> {
  version: string;
  expiresAt: number;
  value: Promise<T>;
}

/**
 * A value that changes rarely and is read by every post (the banned words, the site policy): kept
 * in process under a version that a change bumps once committed (in Redis with REDIS_URL, so
 * every instance sees it at once). `ttlMs` bounds how long a lost bump can leave it stale; 0
 * loads it every time. A failed load is not kept.
 */
export class VersionedValue<T> {
  private cached: Cached<T> | null = null;

  constructor(
    private readonly versions: ArticleVersions,
    private readonly key: string,
    private readonly ttlMs: number,
    private readonly load: () => Promise<T>,
  ) {}

  async get(): Promise<T> {
    if (this.ttlMs === 0) return this.load();
    const version = await this.versions.current(this.key);
    if (version === null) return this.load();
    const now = Date.now();
    const cached = this.cached;
    if (cached && cached.version === version && cached.expiresAt > now) return cached.value;
    const fresh: Cached<T> = { version, expiresAt: now + this.ttlMs, value: this.load() };
    this.cached = fresh;
    fresh.value.catch(() => {
      if (this.cached === fresh) this.cached = null;
    });
    return fresh.value;
  }

  /** Call once the change has committed. */
  async changed(): Promise<void> {
    this.cached = null;
    await this.versions.bump([this.key]);
  }
}
