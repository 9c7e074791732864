import { html, LitElement, nothing, PropertyValues } from 'lit';
import { ApiClient, ApiError, ArticleSummary, Comment, Me, Page, Plan } from './api-client';
import { renderAccount } from './account-view';
import { holdsNewComments } from './article-holds';
import { renderThread } from './thread-view';
import { format, MessageKey, messages, Messages } from './messages';
import { styles } from './styles';
import type { AuthMode, Replies, WidgetHost } from './widget-host';

type Sort = 'newest' | 'oldest' | 'top';

/** The edit window the API applies by default; the server has the last word (edit_window_passed). */
const EDIT_WINDOW_MS = 15 * 60 * 1000;

declare global {
  interface Window {
    ParleyMessages?: Partial<Messages>;
  }
}

/**
 * `<parley-comments article-id article-title api [sso-token]>`: the "Join the discussion" box.
 * All user text is rendered through Lit text bindings (never as HTML); see linkify.ts for links.
 */
export class ParleyComments extends LitElement implements WidgetHost {
  static override styles = styles;
  static override properties = {
    articleId: { type: String, attribute: 'article-id' },
    articleTitle: { type: String, attribute: 'article-title' },
    api: { type: String },
    ssoToken: { type: String, attribute: 'sso-token' },
    messages: { attribute: false },
    sort: { state: true },
    items: { state: true },
    nextCursor: { state: true },
    count: { state: true },
    article: { state: true },
    loadState: { state: true },
    me: { state: true },
    plans: { state: true },
    authMode: { state: true },
    status: { state: true },
    replies: { state: true },
    replyTo: { state: true },
    editing: { state: true },
    reporting: { state: true },
  };

  declare articleId: string;
  declare articleTitle: string;
  declare api: string;
  declare ssoToken: string | null;
  declare messages: Partial<Messages>;
  declare sort: Sort;
  declare items: Comment[];
  declare nextCursor: string | null;
  declare count: number;
  declare article: ArticleSummary | null;
  declare loadState: 'loading' | 'ready' | 'failed';
  declare me: Me | null;
  declare plans: Plan[];
  declare authMode: AuthMode;
  declare status: { text: string; error: boolean } | null;
  declare replies: Map<string, Replies>;
  declare replyTo: string | null;
  declare editing: string | null;
  declare reporting: string | null;

  client: ApiClient | null = null;
  private stream: EventSource | null = null;
  private pendingPriceId: string | null = null;

  constructor() {
    super();
    this.articleId = '';
    this.articleTitle = '';
    this.api = '';
    this.ssoToken = null;
    this.messages = {};
    this.sort = 'newest';
    this.items = [];
    this.nextCursor = null;
    this.count = 0;
    this.article = null;
    this.loadState = 'loading';
    this.me = null;
    this.plans = [];
    this.authMode = 'closed';
    this.status = null;
    this.replies = new Map();
    this.replyTo = null;
    this.editing = null;
    this.reporting = null;
  }

  /** A message in the reader's language (publisher overrides first), placeholders filled. */
  t(key: MessageKey, values?: Record<string, string | number>): string {
    const template = this.messages[key] ?? window.ParleyMessages?.[key] ?? messages[key];
    return format(template, values);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stream?.close();
    this.stream = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') || changed.has('articleId')) {
      this.client = this.api ? new ApiClient(this.api.replace(/\/+$/, '')) : null;
      void this.start();
    } else if (changed.has('ssoToken') && this.ssoToken)
      void this.signInWithSso().then(() => this.reload());
  }

  private async start(): Promise<void> {
    if (!this.client || !this.articleId) return;
    if (this.ssoToken) await this.signInWithSso();
    else await this.loadMe();
    void this.loadPlans();
    await this.reload();
    this.listen();
  }

  async reload(): Promise<void> {
    this.loadState = 'loading';
    this.replies = new Map();
    try {
      const [article, page] = await Promise.all([
        this.call<ArticleSummary>('GET', `/articles/${this.encodedArticle}`).catch(
          (error: unknown) => {
            if (error instanceof ApiError && error.code === 'article_not_found')
              return { commentCount: 0 };
            throw error;
          },
        ),
        this.listPage(null),
      ]);
      this.article = article;
      this.count = article.commentCount;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.loadState = 'ready';
    } catch {
      this.loadState = 'failed';
    }
  }

  /** Whether a comment posted now waits for a moderator (pre-moderation or a surge). */
  get commentsWait(): boolean {
    return holdsNewComments(this.article);
  }

  get encodedArticle(): string {
    return encodeURIComponent(this.articleId);
  }

  private listPage(cursor: string | null): Promise<Page<Comment>> {
    const query = new URLSearchParams({ sort: this.sort, limit: '20' });
    if (cursor) query.set('cursor', cursor);
    return this.call<Page<Comment>>(
      'GET',
      `/articles/${this.encodedArticle}/comments?${query}`,
    ).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'article_not_found')
        return { items: [], nextCursor: null };
      throw error;
    });
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const page = await this.listPage(this.nextCursor);
    const known = new Set(this.items.map((c) => c.id));
    this.items = [...this.items, ...page.items.filter((c) => !known.has(c.id))];
    this.nextCursor = page.nextCursor;
  }

  setSort(sort: Sort): void {
    this.sort = sort;
    void this.reload();
  }

  async toggleReplies(comment: Comment, more = false): Promise<void> {
    const current = this.replies.get(comment.id);
    if (current?.open && !more) {
      this.setReplies(comment.id, { ...current, open: false });
      return;
    }
    if (current && !more && current.items.length > 0) {
      this.setReplies(comment.id, { ...current, open: true });
      return;
    }
    const query = new URLSearchParams({ limit: '20' });
    if (more && current?.nextCursor) query.set('cursor', current.nextCursor);
    const page = await this.call<Page<Comment>>('GET', `/comments/${comment.id}/replies?${query}`);
    const items = more && current ? [...current.items, ...page.items] : page.items;
    this.setReplies(comment.id, { open: true, items, nextCursor: page.nextCursor });
  }

  private setReplies(id: string, value: Replies): void {
    this.replies = new Map(this.replies).set(id, value);
  }

  // ---- account ----------------------------------------------------------------------------

  async loadMe(): Promise<void> {
    if (!this.client?.signedIn) {
      this.me = null;
      return;
    }
    this.me = await this.call<Me>('GET', '/me').catch(() => null);
    if (!this.me) await this.client.signOut();
  }

  private async loadPlans(): Promise<void> {
    this.plans =
      (await this.call<Page<Plan>>('GET', '/billing/plans').catch(() => null))?.items ?? [];
  }

  private async signInWithSso(): Promise<void> {
    try {
      await this.client?.signIn('/auth/sso', { token: this.ssoToken });
    } catch {
      this.say(this.t('ssoFailed'), true);
    }
    await this.loadMe();
  }

  openAuth(mode: AuthMode): void {
    this.authMode = mode;
    this.status = null;
    if (mode !== 'closed') void this.focusLater('#auth-email');
  }

  async submitAuth(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const body: Record<string, string> = {
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
    };
    if (this.authMode === 'register') body.displayName = String(data.get('displayName') ?? '');
    try {
      await this.client!.signIn(
        this.authMode === 'register' ? '/auth/register' : '/auth/login',
        body,
      );
      this.authMode = 'closed';
      await this.loadMe();
      await this.reload();
      const priceId = this.pendingPriceId;
      this.pendingPriceId = null;
      if (priceId && this.me && !this.me.entitlement.canComment) await this.checkout(priceId);
      else void this.focusLater('#composer-body, #account-heading');
    } catch (error) {
      this.sayError(error);
    }
  }

  async signOut(): Promise<void> {
    await this.client?.signOut();
    this.me = null;
    await this.reload();
  }

  async checkout(priceId: string): Promise<void> {
    if (!this.me) {
      this.pendingPriceId = priceId;
      this.openAuth('register');
      return;
    }
    try {
      const session = await this.call<{ url: string }>('POST', '/billing/checkout', { priceId });
      window.location.assign(session.url);
    } catch (error) {
      this.sayError(error);
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  canEdit(comment: Comment): boolean {
    return (
      this.me?.id === comment.author?.id &&
      (comment.status === 'visible' || comment.status === 'pending') &&
      Date.now() - Date.parse(comment.createdAt) < EDIT_WINDOW_MS
    );
  }

  async post(form: HTMLFormElement, parent: Comment | null): Promise<void> {
    const textarea = form.querySelector('textarea')!;
    const key = form.dataset.idempotencyKey ?? crypto.randomUUID();
    form.dataset.idempotencyKey = key;
    try {
      const comment = await this.call<Comment>(
        'POST',
        `/articles/${this.encodedArticle}/comments`,
        parent ? { body: textarea.value, parentId: parent.id } : { body: textarea.value },
        { 'Idempotency-Key': key },
      );
      delete form.dataset.idempotencyKey;
      textarea.value = '';
      this.insert(comment);
      this.replyTo = null;
      this.say(this.t(comment.status === 'pending' ? 'postedPending' : 'posted'), false);
      void this.focusLater(`#comment-${comment.id}`);
    } catch (error) {
      this.sayError(error);
    }
  }

  async saveEdit(form: HTMLFormElement, comment: Comment): Promise<void> {
    const body = form.querySelector('textarea')!.value;
    try {
      this.replace(await this.call<Comment>('PATCH', `/comments/${comment.id}`, { body }));
      this.editing = null;
      void this.focusLater(`#comment-${comment.id}`);
    } catch (error) {
      this.sayError(error);
    }
  }

  async deleteComment(comment: Comment): Promise<void> {
    if (!window.confirm(this.t('confirmDelete'))) return;
    try {
      await this.call('DELETE', `/comments/${comment.id}`);
      this.replace({ ...comment, status: 'deleted', body: null, author: null });
      this.count = Math.max(0, this.count - 1);
    } catch (error) {
      this.sayError(error);
    }
  }

  async toggleLike(comment: Comment): Promise<void> {
    const liked = !comment.likedByMe;
    try {
      await this.call(liked ? 'PUT' : 'DELETE', `/comments/${comment.id}/like`);
      this.replace({
        ...comment,
        likedByMe: liked,
        likeCount: comment.likeCount + (liked ? 1 : -1),
      });
    } catch (error) {
      this.sayError(error);
    }
  }

  async sendReport(form: HTMLFormElement, comment: Comment): Promise<void> {
    const data = new FormData(form);
    const note = String(data.get('note') ?? '').trim();
    const body = note ? { reason: data.get('reason'), note } : { reason: data.get('reason') };
    try {
      await this.call('POST', `/comments/${comment.id}/reports`, body);
      this.reporting = null;
      this.say(this.t('reported'), false);
      void this.focusLater(`#comment-${comment.id}`);
    } catch (error) {
      this.sayError(error);
    }
  }

  // ---- live updates -----------------------------------------------------------------------

  /** Live updates; a service without the stream (404) or a browser without EventSource: none. */
  private listen(): void {
    this.stream?.close();
    if (typeof EventSource === 'undefined' || !this.client) return;
    const stream = new EventSource(`${this.client.base}/articles/${this.encodedArticle}/stream`);
    this.stream = stream;
    stream.addEventListener('comment', (event) => this.insert(parse<Comment>(event)));
    stream.addEventListener('comment_updated', (event) => this.applyUpdate(parse<Comment>(event)));
    // The history no longer covers the resumption: what was missed is only in a fresh list.
    stream.addEventListener('reset', () => void this.reload());
    stream.addEventListener('count', (event) => {
      this.count = parse<{ commentCount: number }>(event).commentCount;
    });
    // A failed connection (404, wrong type) is CLOSED and is not retried; a dropped one is
    // retried by EventSource itself, resuming from Last-Event-ID.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) this.stream = null;
    };
  }

  private insert(comment: Comment): void {
    if (this.find(comment.id)) {
      this.applyUpdate(comment);
      return;
    }
    if (!comment.parentId) {
      // Pinned comments stay first; a new comment goes after them (newest, top) or last (oldest).
      const pinned = this.items.filter((c) => c.pinned);
      const rest = this.items.filter((c) => !c.pinned);
      this.items =
        this.sort === 'oldest' ? [...this.items, comment] : [...pinned, comment, ...rest];
      if (comment.status === 'visible' && !this.stream) this.count += 1;
      return;
    }
    const parent = this.find(comment.parentId);
    if (parent) this.replace({ ...parent, replyCount: parent.replyCount + 1 });
    const replies = this.replies.get(comment.parentId) ?? {
      open: true,
      items: [],
      nextCursor: null,
    };
    this.setReplies(comment.parentId, {
      ...replies,
      open: true,
      items: [...replies.items, comment],
    });
  }

  /**
   * A change from the stream, which shows comments as anonymous readers see them: the reader's
   * own like stays as it was, and a comment no longer shown (gone, no replies left) is dropped.
   */
  private applyUpdate(comment: Comment): void {
    const known = this.find(comment.id);
    if (!known) return;
    const gone = comment.status === 'deleted' || comment.status === 'removed';
    if (gone && comment.replyCount === 0) {
      const drop = (list: Comment[]) => list.filter((c) => c.id !== comment.id);
      this.items = drop(this.items);
      const replies = new Map<string, Replies>();
      for (const [id, value] of this.replies)
        replies.set(id, { ...value, items: drop(value.items) });
      this.replies = replies;
      return;
    }
    this.replace({ ...comment, likedByMe: known.likedByMe });
  }

  private replace(comment: Comment): void {
    const swap = (list: Comment[]) => list.map((c) => (c.id === comment.id ? comment : c));
    this.items = swap(this.items);
    const replies = new Map<string, Replies>();
    for (const [id, value] of this.replies) replies.set(id, { ...value, items: swap(value.items) });
    this.replies = replies;
  }

  private find(id: string): Comment | undefined {
    return (
      this.items.find((c) => c.id === id) ??
      [...this.replies.values()].flatMap((r) => r.items).find((c) => c.id === id)
    );
  }

  // ---- helpers ----------------------------------------------------------------------------

  call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    return this.client!.request<T>(method, path, body, headers);
  }

  say(text: string, error: boolean): void {
    this.status = { text, error };
  }

  private sayError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.say(this.t('error_generic', { message: String(error) }), true);
      return;
    }
    const key = `error_${error.code}` as MessageKey;
    const reason = `reason_${error.code}` as MessageKey;
    const known = key in messages ? key : reason in messages ? reason : 'error_generic';
    this.say(this.t(known, { message: error.message }), true);
  }

  async focusLater(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  override render() {
    const title = this.articleTitle
      ? `${this.t('heading')}: ${this.articleTitle}`
      : this.t('heading');
    return html`<section part="container" aria-label=${title}>
      <header part="header">
        <h2>${this.t('heading')}</h2>
        <span part="count" id="count"
          >${this.count === 1 ? this.t('countOne') : this.t('count', { count: this.count })}</span
        >
        <label
          >${this.t('sortLabel')}
          <select
            @change=${(e: Event) => this.setSort((e.target as HTMLSelectElement).value as Sort)}
          >
            ${(['newest', 'oldest', 'top'] as const).map(
              (s) =>
                html`<option value=${s} ?selected=${s === this.sort}>
                  ${this.t(`sort${s[0].toUpperCase()}${s.slice(1)}` as MessageKey)}
                </option>`,
            )}
          </select></label
        >
      </header>
      <div role="status" aria-live="polite" class=${this.status?.error ? 'error' : 'notice'}>
        ${this.status?.text ?? nothing}
      </div>
      ${renderAccount(this)} ${renderThread(this)}
    </section>`;
  }
}

function parse<T>(event: Event): T {
  return JSON.parse((event as MessageEvent<string>).data) as T;
}
