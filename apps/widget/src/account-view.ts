import { html, nothing } from 'lit';
import { MessageKey, messages } from './messages';
import type { WidgetHost } from './widget-host';

/** The reader's corner: sign in / register, who is signed in, why they may not post, plans. */
export function renderAccount(host: WidgetHost) {
  const me = host.me;
  if (host.authMode !== 'closed') return renderAuthForm(host);
  if (!me)
    return html`<div part="auth" class="panel">
        <div class="actions">
          <button class="primary" part="button" @click=${() => host.openAuth('login')}>
            ${host.t('signIn')}
          </button>
          <button part="button" @click=${() => host.openAuth('register')}>
            ${host.t('register')}
          </button>
        </div>
      </div>
      ${renderPlans(host)}`;
  const reason = me.entitlement.reason;
  const reasonKey = `reason_${reason}` as MessageKey;
  return html`<div part="auth" class="panel">
      <p id="account-heading" tabindex="-1">
        ${host.t('signedInAs', { name: me.displayName })}
        <button class="link" part="button" @click=${() => host.signOut()}>
          ${host.t('signOut')}
        </button>
      </p>
      ${
        me.entitlement.canComment
          ? nothing
          : html`<p part="reason" class="notice">
              ${host.t(reason && reasonKey in messages ? reasonKey : 'reason_other')}
            </p>`
      }
    </div>
    ${
      me.entitlement.canComment
        ? renderComposer(host)
        : reason === 'subscription_required'
          ? renderPlans(host)
          : nothing
    }`;
}

function renderAuthForm(host: WidgetHost) {
  const registering = host.authMode === 'register';
  const submit = (event: Event) => {
    event.preventDefault();
    void host.submitAuth(event.target as HTMLFormElement);
  };
  return html`<form part="auth" class="panel" @submit=${submit}>
    <label for="auth-email">${host.t('email')}</label>
    <input id="auth-email" name="email" type="email" autocomplete="email" required />
    <label for="auth-password">${host.t('password')}</label>
    <input
      id="auth-password"
      name="password"
      type="password"
      autocomplete=${registering ? 'new-password' : 'current-password'}
      minlength=${registering ? 10 : 1}
      required
    />
    ${
      registering
        ? html`<label for="auth-name">${host.t('displayName')}</label>
            <input
              id="auth-name"
              name="displayName"
              autocomplete="nickname"
              minlength="2"
              maxlength="40"
              required
            />`
        : nothing
    }
    <div class="actions">
      <button class="primary" part="button" type="submit">
        ${host.t(registering ? 'register' : 'signIn')}
      </button>
      <button
        class="link"
        part="button"
        type="button"
        @click=${() => host.openAuth(registering ? 'login' : 'register')}
      >
        ${host.t(registering ? 'haveAccount' : 'needAccount')}
      </button>
      <button class="link" part="button" type="button" @click=${() => host.openAuth('closed')}>
        ${host.t('cancel')}
      </button>
    </div>
  </form>`;
}

function renderPlans(host: WidgetHost) {
  if (host.plans.length === 0) return nothing;
  return html`<div part="subscribe" class="panel">
    <h3>${host.t('subscribeTitle')}</h3>
    <p>${host.t('subscribeText')}</p>
    <div class="actions">
      ${host.plans.map((plan) => {
        const price = new Intl.NumberFormat(undefined, {
          style: 'currency',
          currency: plan.currency.toUpperCase(),
        }).format(plan.amount / 100);
        return html`<button
          class="primary"
          part="button subscribe-button"
          @click=${() => host.checkout(plan.priceId)}
        >
          ${host.t('subscribeButton', { name: plan.name, price, interval: plan.interval })}
        </button>`;
      })}
    </div>
  </div>`;
}

/**
 * Said before a reader writes, not only once they have posted: on an article whose new comments
 * wait (its pre-moderation or a surge), a comment will not appear at once.
 */
export function renderWaitNotice(host: WidgetHost, id: string) {
  return host.commentsWait
    ? html`<p part="moderation-notice" class="notice" id=${id}>${host.t('commentsWait')}</p>`
    : nothing;
}

function renderComposer(host: WidgetHost) {
  const submit = (event: Event) => {
    event.preventDefault();
    void host.post(event.target as HTMLFormElement, null);
  };
  return html`<form part="composer" class="panel" @submit=${submit}>
    <label for="composer-body">${host.t('commentLabel')}</label>
    ${renderWaitNotice(host, 'composer-waits')}
    <textarea
      id="composer-body"
      name="body"
      maxlength="5000"
      required
      aria-describedby=${host.commentsWait ? 'composer-waits' : nothing}
    ></textarea>
    <div class="actions">
      <button class="primary" part="button" type="submit">${host.t('post')}</button>
    </div>
  </form>`;
}
