/** The subset of Parley's HTTP API the widget calls, with the reader's tokens. */
export interface Author {
  id: string;
  displayName: string;
  badge: 'staff' | 'subscriber' | null;
}
export interface Comment {
  id: string;
  articleId: string;
  parentId: string | null;
  author: Author | null;
  body: string | null;
  status: 'visible' | 'pending' | 'deleted' | 'removed';
  createdAt: string;
  editedAt: string | null;
  likeCount: number;
  replyCount: number;
  likedByMe: boolean;
  pinned: boolean;
}
/** What the widget reads of GET /articles/:id (absent fields: an article not created yet). */
export interface ArticleSummary {
  commentCount: number;
  moderation?: 'post' | 'pre';
  premoderatedUntil?: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface Entitlement {
  canComment: boolean;
  reason: string | null;
}
export interface Me {
  id: string;
  displayName: string;
  role: string;
  entitlement: Entitlement;
}
export interface Plan {
  priceId: string;
  name: string;
  interval: string;
  amount: number;
  currency: string;
}
interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Tokens live in sessionStorage (per tab, per API): they survive a reload and the round trip
 * through Stripe Checkout, and end with the tab. Access tokens are short-lived; on a 401 the
 * client rotates the refresh token once (one rotation shared by concurrent requests) and retries.
 */
export class ApiClient {
  private tokens: Tokens | null;
  private refreshing: Promise<boolean> | null = null;
  private readonly storageKey: string;

  constructor(readonly base: string) {
    this.storageKey = `parley:session:${base}`;
    this.tokens = readStored(this.storageKey);
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    retry = true,
  ): Promise<T> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.tokens) headers.Authorization = `Bearer ${this.tokens.accessToken}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && this.tokens && retry && (await this.refresh()))
      return this.request<T>(method, path, body, extraHeaders, false);
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      throw new ApiError(
        response.status,
        String(payload.code ?? 'error'),
        String(payload.message ?? response.statusText),
      );
    return payload as T;
  }

  /** Signs in with a register, login or SSO answer. */
  async signIn(path: string, body: unknown): Promise<void> {
    this.store(await this.request<Tokens>('POST', path, body, {}, false));
  }

  async signOut(): Promise<void> {
    const tokens = this.tokens;
    if (tokens)
      await this.request('POST', '/auth/logout', { refreshToken: tokens.refreshToken }).catch(
        () => undefined,
      );
    this.store(null);
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const tokens = this.tokens;
        if (!tokens) return false;
        const response = await fetch(`${this.base}/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: tokens.refreshToken }),
        });
        this.store(response.ok ? ((await response.json()) as Tokens) : null);
        return response.ok;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private store(tokens: Tokens | null): void {
    this.tokens = tokens
      ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
      : null;
    try {
      if (this.tokens) sessionStorage.setItem(this.storageKey, JSON.stringify(this.tokens));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage refused (private mode, sandboxed frame): the session lives in memory only.
    }
  }
}

function readStored(key: string): Tokens | null {
  try {
    const raw = sessionStorage.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as Partial<Tokens>) : null;
    return parsed?.accessToken && parsed.refreshToken
      ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
      : null;
  } catch {
    return null;
  }
}
