import { html, nothing } from 'lit';
import type { Comment } from './api-client';
import { renderWaitNotice } from './account-view';
import { linkify } from './linkify';
import type { WidgetHost } from './widget-host';

export function renderThread(host: WidgetHost) {
  if (host.loadState === 'loading' && host.items.length === 0)
    return html`<p class="notice">${host.t('loading')}</p>`;
  if (host.loadState === 'failed')
    return html`<p class="error">
      ${host.t('loadFailed')}
      <button part="button" @click=${() => host.reload()}>${host.t('retry')}</button>
    </p>`;
  if (host.items.length === 0) return html`<p class="notice">${host.t('empty')}</p>`;
  return html`<ol part="thread">
      ${host.items.map((comment) => renderComment(host, comment))}
    </ol>
    ${
      host.nextCursor
        ? html`<button part="button more" @click=${() => host.loadMore()}>
            ${host.t('loadMore')}
          </button>`
        : nothing
    }`;
}

function renderComment(host: WidgetHost, comment: Comment): unknown {
  const replies = host.replies.get(comment.id);
  const gone = comment.status === 'deleted' || comment.status === 'removed';
  return html`<li>
    <article
      part="comment${comment.pinned ? ' pinned' : ''}"
      id=${`comment-${comment.id}`}
      tabindex="-1"
      aria-label=${comment.author?.displayName ?? host.t(comment.status === 'removed' ? 'removed' : 'deleted')}
    >
      ${
        gone
          ? html`<p class="placeholder" part="placeholder">
              ${host.t(comment.status === 'removed' ? 'removed' : 'deleted')}
            </p>`
          : html`${renderMeta(host, comment)}
            ${host.editing === comment.id ? renderEditor(host, comment) : renderBody(comment)}
            ${comment.status === 'pending' ? html`<p class="notice">${host.t('pending')}</p>` : nothing}
            ${renderActions(host, comment)}`
      }
      ${host.replyTo === comment.id ? renderReplyForm(host, comment) : nothing}
      ${host.reporting === comment.id ? renderReportForm(host, comment) : nothing}
      ${
        comment.replyCount > 0 || replies?.items.length
          ? html`<button
              class="link"
              part="button replies"
              aria-expanded=${replies?.open ? 'true' : 'false'}
              @click=${() => host.toggleReplies(comment)}
            >
              ${replies?.open ? host.t('hideReplies') : host.t('showReplies', { count: comment.replyCount })}
            </button>`
          : nothing
      }
    </article>
    ${
      replies?.open
        ? html`<ol>
              ${replies.items.map((reply) => renderComment(host, reply))}
            </ol>
            ${
              replies.nextCursor
                ? html`<button
                    class="link"
                    part="button"
                    @click=${() => host.toggleReplies(comment, true)}
                  >
                    ${host.t('moreReplies')}
                  </button>`
                : nothing
            }`
        : nothing
    }
  </li>`;
}

function renderMeta(host: WidgetHost, comment: Comment) {
  const badge = comment.author?.badge;
  return html`<div class="meta">
    <span class="author" part="author">${comment.author?.displayName}</span>
    ${
      badge
        ? html`<span class="badge" part="badge"
            >${host.t(badge === 'staff' ? 'badgeStaff' : 'badgeSubscriber')}</span
          >`
        : nothing
    }
    ${comment.pinned ? html`<span class="badge" part="badge">${host.t('pinned')}</span>` : nothing}
    <time datetime=${comment.createdAt}>${new Date(comment.createdAt).toLocaleString()}</time>
    ${comment.editedAt ? html`<span>(${host.t('edited')})</span>` : nothing}
  </div>`;
}

/** Text nodes only; links are anchors whose href is a checked http(s) URL. */
function renderBody(comment: Comment) {
  const parts = linkify(comment.body ?? '').map((part) =>
    part.href
      ? html`<a href=${part.href} rel="nofollow ugc noopener" target="_blank">${part.text}</a>`
      : part.text,
  );
  // No whitespace around the parts: the body keeps the author's line breaks (pre-wrap).
  return html`<p class="body" part="body">${parts}</p>`;
}

function renderActions(host: WidgetHost, comment: Comment) {
  const me = host.me;
  const entitled = me?.entitlement.canComment ?? false;
  const mine = me !== null && me.id === comment.author?.id;
  const likeLabel = comment.likedByMe ? host.t('unlike') : host.t('like');
  return html`<div class="actions" part="actions">
    <span
      >${comment.likeCount === 1 ? host.t('likeOne') : host.t('likes', { count: comment.likeCount })}</span
    >
    ${
      entitled && !mine
        ? html`<button
            part="button like"
            aria-pressed=${comment.likedByMe ? 'true' : 'false'}
            @click=${() => host.toggleLike(comment)}
          >
            ${likeLabel}
          </button>`
        : nothing
    }
    ${
      entitled && comment.status === 'visible'
        ? html`<button
            part="button reply"
            @click=${() => {
              host.replyTo = host.replyTo === comment.id ? null : comment.id;
              void host.focusLater(`#reply-${comment.id}`);
            }}
          >
            ${host.t('reply')}
          </button>`
        : nothing
    }
    ${
      host.canEdit(comment)
        ? html`<button
            part="button edit"
            @click=${() => {
              host.editing = comment.id;
              void host.focusLater(`#edit-${comment.id}`);
            }}
          >
            ${host.t('edit')}
          </button>`
        : nothing
    }
    ${mine ? html`<button part="button delete" @click=${() => host.deleteComment(comment)}>${host.t('delete')}</button>` : nothing}
    ${
      me && !mine
        ? html`<button
            part="button report"
            @click=${() => {
              host.reporting = host.reporting === comment.id ? null : comment.id;
              void host.focusLater(`#report-reason-${comment.id}`);
            }}
          >
            ${host.t('report')}
          </button>`
        : nothing
    }
  </div>`;
}

function renderEditor(host: WidgetHost, comment: Comment) {
  const submit = (event: Event) => {
    event.preventDefault();
    void host.saveEdit(event.target as HTMLFormElement, comment);
  };
  return html`<form @submit=${submit}>
    <label for=${`edit-${comment.id}`}>${host.t('commentLabel')}</label>
    <textarea
      id=${`edit-${comment.id}`}
      maxlength="5000"
      required
      .value=${comment.body ?? ''}
    ></textarea>
    <div class="actions">
      <button class="primary" part="button" type="submit">${host.t('save')}</button>
      <button part="button" type="button" @click=${() => (host.editing = null)}>
        ${host.t('cancel')}
      </button>
    </div>
  </form>`;
}

function renderReplyForm(host: WidgetHost, comment: Comment) {
  const submit = (event: Event) => {
    event.preventDefault();
    void host.post(event.target as HTMLFormElement, comment);
  };
  return html`<form part="composer" @submit=${submit}>
    <label for=${`reply-${comment.id}`}
      >${host.t('replyLabel', { name: comment.author?.displayName ?? '' })}</label
    >
    ${renderWaitNotice(host, `reply-waits-${comment.id}`)}
    <textarea
      id=${`reply-${comment.id}`}
      maxlength="5000"
      required
      aria-describedby=${host.commentsWait ? `reply-waits-${comment.id}` : nothing}
    ></textarea>
    <div class="actions">
      <button class="primary" part="button" type="submit">${host.t('postReply')}</button>
      <button part="button" type="button" @click=${() => (host.replyTo = null)}>
        ${host.t('cancel')}
      </button>
    </div>
  </form>`;
}

function renderReportForm(host: WidgetHost, comment: Comment) {
  const submit = (event: Event) => {
    event.preventDefault();
    void host.sendReport(event.target as HTMLFormElement, comment);
  };
  const reasons = [
    ['spam', 'reasonSpam'],
    ['abuse', 'reasonAbuse'],
    ['off_topic', 'reasonOffTopic'],
    ['other', 'reasonOther'],
  ] as const;
  return html`<form class="panel" @submit=${submit}>
    <label for=${`report-reason-${comment.id}`}>${host.t('reportLabel')}</label>
    <select id=${`report-reason-${comment.id}`} name="reason" required>
      ${reasons.map(([value, key]) => html`<option value=${value}>${host.t(key)}</option>`)}
    </select>
    <label for=${`report-note-${comment.id}`}>${host.t('reportNote')}</label>
    <input id=${`report-note-${comment.id}`} name="note" maxlength="500" />
    <div class="actions">
      <button class="primary" part="button" type="submit">${host.t('reportSend')}</button>
      <button part="button" type="button" @click=${() => (host.reporting = null)}>
        ${host.t('cancel')}
      </button>
    </div>
  </form>`;
}
