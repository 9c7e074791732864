import { html, LitElement, nothing } from 'lit';
import { ApiClient, ApiError, Me, Page } from '../../widget/src/api-client';
import type { ConsoleHost, QueueItem, View } from './console-host';
import { consoleStyles } from './console-styles';
import { renderAudit, renderPolicy, renderUser, renderWords } from './console-pages';

export const REJECT_CODES = [
  'abuse',
  'harassment',
  'spam',
  'off_topic',
  'misinformation',
  'illegal',
  'other',
] as const;

/**
 * The moderation console. Keyboard: j or n next item, k previous, x select, a approve,
 * r reject with the chosen code (README "Moderation console").
 */
export class ParleyConsole extends LitElement implements ConsoleHost {
  static override styles = consoleStyles;
  static override properties = {
    me: { state: true },
    view: { state: true },
    items: { state: true },
    nextCursor: { state: true },
    current: { state: true },
    selected: { state: true },
    code: { state: true },
    message: { state: true },
    data: { state: true },
    loading: { state: true },
  };

  declare me: Me | null;
  declare view: View;
  declare items: QueueItem[];
  declare nextCursor: string | null;
  declare current: number;
  declare selected: Set<string>;
  declare code: string;
  declare message: { text: string; error: boolean } | null;
  /** What the non-queue pages show (user, words, policy, audit), loaded on opening them. */
  declare data: Record<string, unknown>;
  /** A non-queue page's data is on its way: it shows "Loading…", not the last page's data. */
  declare loading: boolean;
  /** Counts open() calls: only the latest one's answer is shown (tabs clicked in a row). */
  private opened = 0;

  readonly client = new ApiClient(`${location.origin}/api/v1`);

  constructor() {
    super();
    this.me = null;
    this.view = 'pending';
    this.items = [];
    this.nextCursor = null;
    this.current = 0;
    this.selected = new Set();
    this.code = 'spam';
    this.message = null;
    this.data = {};
    this.loading = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKey);
    void this.loadMe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
  }

  private async loadMe(): Promise<void> {
    if (!this.client.signedIn) return;
    this.me = await this.client.request<Me>('GET', '/me').catch(() => null);
    if (this.me && this.me.role !== 'reader') await this.open('pending');
  }

  private async signIn(event: Event): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    try {
      await this.client.signIn('/auth/login', {
        email: data.get('email'),
        password: data.get('password'),
      });
      await this.loadMe();
      if (this.me?.role === 'reader') this.say('This account is not a moderator.', true);
    } catch (error) {
      this.fail(error);
    }
  }

  async open(view: View, userId?: string): Promise<void> {
    const opened = ++this.opened;
    this.view = view;
    this.message = null;
    this.data = {};
    this.loading = true;
    try {
      const data = await this.load(view, userId);
      if (opened === this.opened && data) this.data = data;
    } catch (error) {
      if (opened === this.opened) this.fail(error);
    } finally {
      if (opened === this.opened) this.loading = false;
    }
  }

  /** A page's data (the queues keep theirs in `items`). */
  private async load(view: View, userId?: string): Promise<Record<string, unknown> | undefined> {
    if (view === 'pending' || view === 'reported') await this.loadQueue();
    else if (view === 'user' && userId) {
      // Either part failing (an unknown user, a dropped connection) says why and shows the rest.
      const [profile, comments] = await Promise.all([
        this.client.request(`GET`, `/moderation/users/${userId}`).catch(this.failed),
        this.client
          .request<Page<QueueItem>>('GET', `/moderation/users/${userId}/comments`)
          .catch(this.failed),
      ]);
      return { userId, profile, comments };
    } else if (view === 'words') return this.client.request('GET', '/moderation/banned-words');
    else if (view === 'policy')
      return { policy: await this.client.request('GET', '/moderation/policy') };
    else if (view === 'audit') return this.client.request('GET', '/moderation/actions?limit=50');
    return undefined;
  }

  private async loadQueue(more = false): Promise<void> {
    const query = new URLSearchParams({ type: this.view, limit: '50' });
    if (more && this.nextCursor) query.set('cursor', this.nextCursor);
    const opened = this.opened;
    const page = await this.client.request<Page<QueueItem>>('GET', `/moderation/queue?${query}`);
    // Another page was opened meanwhile: this answer is not what it shows.
    if (opened !== this.opened) return;
    this.items = more ? [...this.items, ...page.items] : page.items;
    this.nextCursor = page.nextCursor;
    if (!more) {
      this.current = 0;
      this.selected = new Set();
    }
  }

  async decide(ids: string[], action: 'approve' | 'reject'): Promise<void> {
    if (ids.length === 0) return;
    try {
      const body = action === 'reject' ? { action, ids, code: this.code } : { action, ids };
      const results = await this.bulk(body);
      // Decided now or already (by another moderator): either way it waits no more.
      const done = new Set(results.filter((r) => !r.error).map((r) => r.id));
      const changed = results.filter((r) => r.changed).length;
      this.items = this.items.filter((item) => !done.has(item.id));
      this.selected = new Set([...this.selected].filter((id) => !done.has(id)));
      this.current = Math.min(this.current, Math.max(0, this.items.length - 1));
      const unchanged = results.length - changed;
      this.say(
        `${action === 'approve' ? 'Approved' : 'Rejected'} ${changed}.` +
          (unchanged > 0 ? ` ${unchanged} decided already or gone.` : ''),
        false,
      );
      await this.focusCurrent();
    } catch (error) {
      this.fail(error);
    }
  }

  /** POST /moderation/comments/bulk: the ids it decided (`changed` false: already so). */
  private async bulk(body: {
    action: string;
    ids: string[];
    code?: string;
  }): Promise<BulkResult[]> {
    return (
      await this.client.request<{ results: BulkResult[] }>(
        'POST',
        '/moderation/comments/bulk',
        body,
      )
    ).results;
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (
      !target ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
      event.ctrlKey ||
      event.metaKey ||
      event.altKey
    )
      return;
    if (this.view !== 'pending' && this.view !== 'reported') return;
    const item = this.items[this.current];
    const moves: Record<string, number> = { j: 1, n: 1, k: -1 };
    if (event.key in moves) {
      this.current = Math.max(0, Math.min(this.items.length - 1, this.current + moves[event.key]));
      void this.focusCurrent();
    } else if (item && event.key === 'a') void this.decide([item.id], 'approve');
    else if (item && event.key === 'r') void this.decide([item.id], 'reject');
    else if (item && event.key === 'x') this.toggle(item.id);
    else return;
    event.preventDefault();
  };

  private toggle(id: string): void {
    const next = new Set(this.selected);
    if (!next.delete(id)) next.add(id);
    this.selected = next;
  }

  private async focusCurrent(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#item-${this.items[this.current]?.id}`)?.focus();
  }

  say(text: string, error: boolean): void {
    this.message = { text, error };
  }

  private readonly failed = (error: unknown): null => {
    this.fail(error);
    return null;
  };

  fail(error: unknown): void {
    this.say(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error), true);
  }

  override render() {
    if (!this.me || this.me.role === 'reader') return this.renderSignIn();
    const tabs: [View, string][] = [
      ['pending', 'Pending'],
      ['reported', 'Reported'],
      ['words', 'Banned words'],
      ['policy', 'Site policy'],
      ['audit', 'Audit log'],
    ];
    return html`<header class="row">
        <h1>Moderation</h1>
        <span class="meta">${this.me.displayName} (${this.me.role})</span>
        <button @click=${() => this.client.signOut().then(() => (this.me = null))}>Sign out</button>
      </header>
      <nav aria-label="Sections">
        <ul>
          ${tabs.map(
            ([view, label]) =>
              html`<li>
                <button
                  aria-current=${this.view === view ? 'page' : 'false'}
                  @click=${() => this.open(view)}
                >
                  ${label}
                </button>
              </li>`,
          )}
        </ul>
      </nav>
      <p role="status" aria-live="polite" class=${this.message?.error ? 'error' : 'meta'}>
        ${this.message?.text ?? ''}
      </p>
      ${
        this.view === 'pending' || this.view === 'reported'
          ? this.renderQueue()
          : this.loading
            ? html`<p class="meta">Loading…</p>`
            : this.view === 'user'
              ? renderUser(this)
              : this.view === 'words'
                ? renderWords(this)
                : this.view === 'policy'
                  ? renderPolicy(this)
                  : renderAudit(this)
      }`;
  }

  private renderSignIn() {
    return html`<h1>Parley moderation console</h1>
      <form @submit=${(e: Event) => this.signIn(e)}>
        <p>
          <label for="email">Email</label><br /><input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
          />
        </p>
        <p>
          <label for="password">Password</label><br /><input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </p>
        <button type="submit">Sign in</button>
      </form>
      <p role="status" class="error">${this.message?.text ?? ''}</p>`;
  }

  private renderQueue() {
    const selected = [...this.selected];
    return html`<h2>${this.view === 'pending' ? 'Pending comments' : 'Reported comments'}</h2>
      <p class="meta">
        Keys: j or n next, k previous, x select, a approve, r reject with the code below.
      </p>
      <div class="row">
        <label for="code">Reject code</label>
        <select
          id="code"
          @change=${(e: Event) => (this.code = (e.target as HTMLSelectElement).value)}
        >
          ${REJECT_CODES.map((c) => html`<option value=${c} ?selected=${c === this.code}>${c}</option>`)}
        </select>
        <button ?disabled=${selected.length === 0} @click=${() => this.decide(selected, 'approve')}>
          Approve selected (${selected.length})
        </button>
        <button
          class="danger"
          ?disabled=${selected.length === 0}
          @click=${() => this.decide(selected, 'reject')}
        >
          Reject selected (${selected.length})
        </button>
      </div>
      ${this.items.length === 0 ? html`<p>Nothing waits here.</p>` : nothing}
      <ol>
        ${this.items.map((item, index) => this.renderItem(item, index))}
      </ol>
      ${this.nextCursor ? html`<button @click=${() => this.loadQueue(true)}>More</button>` : nothing}`;
  }

  private renderItem(item: QueueItem, index: number) {
    return html`<li
      id=${`item-${item.id}`}
      class="item ${index === this.current ? 'current' : ''}"
      tabindex="-1"
      aria-current=${index === this.current ? 'true' : 'false'}
      @focus=${() => (this.current = index)}
    >
      <div class="row">
        <input
          type="checkbox"
          id=${`select-${item.id}`}
          .checked=${this.selected.has(item.id)}
          @change=${() => this.toggle(item.id)}
        />
        <label for=${`select-${item.id}`}>Select</label>
        <span class="why">${whyWaiting(item)}</span>
        <span class="meta">on ${item.articleId}, ${new Date(item.createdAt).toLocaleString()}</span>
        ${
          item.author
            ? html`<button @click=${() => this.open('user', item.author!.id)}>
                ${item.author.displayName ?? item.author.id}
              </button>`
            : nothing
        }
      </div>
      <p class="body">${item.body ?? ''}</p>
      <div class="row">
        <button @click=${() => this.decide([item.id], 'approve')}>Approve</button>
        <button class="danger" @click=${() => this.decide([item.id], 'reject')}>
          Reject (${this.code})
        </button>
      </div>
    </li>`;
  }
}

/** One id's outcome in a bulk decision. */
interface BulkResult {
  id: string;
  changed: boolean;
  error: string | null;
}

/** Why an item waits: the hold reason when the service gives one, else status and reports. */
function whyWaiting(item: QueueItem): string {
  const reports = Object.entries(item.reportCounts ?? {})
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ×${n}`)
    .join(', ');
  const parts = [
    item.holdReason
      ? `held: ${item.holdReason}`
      : item.status === 'pending'
        ? 'awaiting approval'
        : '',
  ];
  if (typeof item.score === 'number') parts.push(`score ${item.score.toFixed(2)}`);
  if (reports) parts.push(`reports: ${reports}`);
  const notes = (item.latestNotes ?? []).filter((n) => n.note).map((n) => `“${n.note}”`);
  if (notes.length > 0) parts.push(notes.join(' '));
  return parts.filter(Boolean).join('; ');
}
