import type { AppConfig } from '@parley/config';
import type { EmailTokenPurpose, Tx } from '@parley/database';
import { MAIL_CHANNEL } from '@parley/mail';
import type { OutboxStore } from '@parley/outbox';
import { maskEmail } from './account-text';
import type { EmailTokenStore } from './email-token.store';

/** Where each emailed link points: a page of the publisher's site (PUBLIC_APP_URL). */
const LINK_PATHS: Record<EmailTokenPurpose, string> = {
  verify_email: 'verify-email',
  change_email: 'verify-email',
  password_reset: 'reset-password',
};

const TEMPLATES: Record<EmailTokenPurpose, string> = {
  verify_email: 'verify-email',
  change_email: 'change-email',
  password_reset: 'password-reset',
};

export interface AccountMailDeps {
  tokens: EmailTokenStore;
  outbox: OutboxStore;
  config: AppConfig;
}

/**
 * Issues a token and queues the mail carrying its link, both on `tx`: the mail exists exactly
 * when the change that causes it commits. The link (the only secret) lives under the message's
 * `secret`, which the outbox removes once the mail is handled.
 */
export async function queueTokenMail(
  deps: AccountMailDeps,
  tx: Tx,
  user: { id: string; displayName: string | null },
  purpose: EmailTokenPurpose,
  address: string,
): Promise<void> {
  const token = await deps.tokens.issue(tx, user.id, purpose, address);
  await deps.outbox.enqueue(tx, {
    channel: MAIL_CHANNEL,
    kind: TEMPLATES[purpose],
    userId: user.id,
    payload: {
      to: address,
      vars: { displayName: user.displayName ?? '' },
      secret: { vars: { link: tokenLink(deps.config, purpose, token) } },
    },
  });
}

/**
 * Security notices to an account's current address: what happened, with no token and no link that
 * acts (the owner's answer to one is to reset the password, which needs no link from us).
 */
export type AccountNotice = 'email-change-requested' | 'email-changed';

/**
 * Queues a notice on `tx`, the transaction of the change it tells about: the owner hears of every
 * change that commits, and of none that rolled back. `newEmail` is shown masked.
 */
export async function queueAccountNotice(
  outbox: OutboxStore,
  tx: Tx,
  user: { id: string; displayName: string | null },
  kind: AccountNotice,
  address: string,
  newEmail: string,
): Promise<void> {
  await outbox.enqueue(tx, {
    channel: MAIL_CHANNEL,
    kind,
    userId: user.id,
    payload: {
      to: address,
      vars: { displayName: user.displayName ?? '', newEmail: maskEmail(newEmail) },
    },
  });
}

export function tokenLink(config: AppConfig, purpose: EmailTokenPurpose, token: string): string {
  const base = config.values.PUBLIC_APP_URL.replace(/\/*$/, '/');
  const url = new URL(LINK_PATHS[purpose], base);
  url.searchParams.set('token', token);
  return url.toString();
}
