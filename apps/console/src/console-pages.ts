import { html, nothing } from 'lit';
import type { Page } from '../../widget/src/api-client';
import type { ConsoleHost, QueueItem } from './console-host';

interface AuditItem {
  id: string;
  actor: { id: string } | null;
  action: string;
  target: Record<string, unknown> | string | null;
  reasonCode: string | null;
  reason: string | null;
  createdAt: string;
}

/** A user's page: tenure, counts, sanctions, notes (GET /moderation/users/:id), history, actions. */
export function renderUser(host: ConsoleHost) {
  const { userId, profile, comments } = host.data as {
    userId: string;
    profile: Profile | null;
    comments: Page<QueueItem> | null;
  };
  const act = async (path: string, body: unknown) => {
    try {
      await host.client.request('POST', `/moderation/users/${userId}/${path}`, body);
      await host.open('user', userId);
      host.say(`Done: ${path}.`, false);
    } catch (error) {
      host.fail(error);
    }
  };
  const form = (handler: (data: FormData) => Promise<void>) => (event: Event) => {
    event.preventDefault();
    void handler(new FormData(event.target as HTMLFormElement));
  };
  return html`<h2>User ${userId}</h2>
    ${profile ? renderProfile(profile) : html`<p class="meta">The profile could not be loaded.</p>`}
    <form class="row" @submit=${form((d) => act('notes', { note: d.get('note') }))}>
      <label for="note">Note</label><input id="note" name="note" maxlength="2000" required /><button
        type="submit"
      >
        Add note
      </button>
    </form>
    <form
      class="row"
      @submit=${form((d) => act('suspend', { until: new Date(String(d.get('until'))).toISOString(), reason: d.get('reason') || undefined }))}
    >
      <label for="until">Suspend until</label
      ><input id="until" name="until" type="datetime-local" required />
      <label for="suspend-reason">Reason</label
      ><input id="suspend-reason" name="reason" maxlength="500" />
      <button type="submit">Suspend</button>
    </form>
    <div class="row">
      <button class="danger" @click=${() => act('ban', {})}>Ban</button>
      <button @click=${() => act('unban', {})}>Unban</button>
    </div>
    <h3>History</h3>
    ${
      comments
        ? html`<ol>
            ${comments.items.map(
              (c) =>
                html`<li class="item">
                  <span class="meta"
                    >${c.status}, ${c.articleId}, ${new Date(c.createdAt).toLocaleString()}</span
                  >
                  <p class="body">${c.body ?? ''}</p>
                </li>`,
            )}
          </ol>`
        : html`<p class="meta">The history could not be loaded.</p>`
    }`;
}

/** GET /moderation/users/:id: tenure, counts, sanctions and notes (contract, "Moderator tools"). */
interface Profile {
  user?: { displayName?: string | null; status?: string; role?: string };
  memberSince?: string | null;
  subscriberSince?: string | null;
  commentCounts?: Record<string, number>;
  reports?: Record<string, number>;
  sanctions?: { action: string; reason: string | null; until: string | null; createdAt: string }[];
  notes?: { note: string; author: { displayName: string } | null; createdAt: string }[];
}

function renderProfile(profile: Profile) {
  const date = (value?: string | null) => (value ? new Date(value).toLocaleDateString() : '—');
  const counts = (value?: Record<string, number>) =>
    Object.entries(value ?? {})
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || '—';
  const entries = (lines: string[]) =>
    lines.length > 0
      ? html`<ul>
          ${lines.map((line) => html`<li>${line}</li>`)}
        </ul>`
      : '—';
  const sanctions = (profile.sanctions ?? []).map((s) =>
    [s.action, s.reason, s.until && `until ${date(s.until)}`, date(s.createdAt)]
      .filter(Boolean)
      .join(' · '),
  );
  const notes = (profile.notes ?? []).map(
    (n) => `${n.note} · ${n.author?.displayName ?? 'a former moderator'} · ${date(n.createdAt)}`,
  );
  return html`<dl class="profile">
    <dt>Name</dt>
    <dd>
      ${profile.user?.displayName ?? '—'} (${profile.user?.role ?? '?'},
      ${profile.user?.status ?? '?'})
    </dd>
    <dt>Member since</dt>
    <dd>${date(profile.memberSince)}</dd>
    <dt>Subscriber since</dt>
    <dd>${date(profile.subscriberSince)}</dd>
    <dt>Comments</dt>
    <dd>${counts(profile.commentCounts)}</dd>
    <dt>Reports</dt>
    <dd>${counts(profile.reports)}</dd>
    <dt>Sanctions</dt>
    <dd>${entries(sanctions)}</dd>
    <dt>Notes</dt>
    <dd>${entries(notes)}</dd>
  </dl>`;
}

export function renderWords(host: ConsoleHost) {
  const words = (host.data.words as string[] | undefined) ?? [];
  const save = async (event: Event) => {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('words') ?? '');
    const list = text
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean);
    try {
      host.data = await host.client.request('PUT', '/moderation/banned-words', { words: list });
      host.say('Banned words saved.', false);
    } catch (error) {
      host.fail(error);
    }
  };
  return html`<h2>Banned words</h2>
    <form @submit=${save}>
      <label for="words">One word per line: new comments holding one wait for a moderator.</label>
      <textarea id="words" name="words" .value=${words.join('\n')}></textarea>
      <button type="submit">Save</button>
    </form>`;
}

export function renderPolicy(host: ConsoleHost) {
  const policy = host.data.policy as Record<string, number | boolean> | null;
  if (!policy)
    return html`<h2>Site policy</h2>
      <p class="meta">The policy could not be loaded.</p>`;
  const save = async (event: Event) => {
    event.preventDefault();
    const d = new FormData(event.target as HTMLFormElement);
    try {
      const saved = await host.client.request('PUT', '/moderation/policy', {
        newCommenterPremoderation: Number(d.get('newCommenterPremoderation')),
        holdLinks: d.get('holdLinks') === 'on',
        surgeCommentsPerMinute: Number(d.get('surgeCommentsPerMinute')),
      });
      host.data = { policy: saved };
      host.say('Policy saved.', false);
    } catch (error) {
      host.fail(error);
    }
  };
  return html`<h2>Site policy</h2>
    <form @submit=${save}>
      <p>
        <label for="ncp">First comments of a new commenter held</label>
        <input
          id="ncp"
          name="newCommenterPremoderation"
          type="number"
          min="0"
          .value=${String(policy.newCommenterPremoderation ?? 0)}
        />
      </p>
      <p>
        <input id="hl" name="holdLinks" type="checkbox" .checked=${Boolean(policy.holdLinks)} />
        <label for="hl">Hold comments with links</label>
      </p>
      <p>
        <label for="surge">Comments per minute that switch an article to pre-moderation</label>
        <input
          id="surge"
          name="surgeCommentsPerMinute"
          type="number"
          min="0"
          .value=${String(policy.surgeCommentsPerMinute ?? 0)}
        />
      </p>
      <button type="submit">Save</button>
    </form>`;
}

export function renderAudit(host: ConsoleHost) {
  const items = (host.data.items as AuditItem[] | undefined) ?? [];
  return html`<h2>Audit log</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">On</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (e) =>
            html`<tr>
              <td>${new Date(e.createdAt).toLocaleString()}</td>
              <td>${e.actor?.id ?? 'system'}</td>
              <td>${e.action}</td>
              <td>${typeof e.target === 'string' ? e.target : JSON.stringify(e.target)}</td>
              <td>${[e.reasonCode, e.reason].filter(Boolean).join(': ') || nothing}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
