import type { AppConfig } from '@parley/config';
import type { EmailTokenPurpose, Tx } from '@parley/database';
import { MAIL_CHANNEL } from '@parley/mail';
import type { OutboxStore } from '@parley/outbox';
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

export function tokenLink(config: AppConfig, purpose: EmailTokenPurpose, token: string): string {
  const base = config.values.PUBLIC_APP_URL.replace(/\/*$/, '/');
  const url = new URL(LINK_PATHS[purpose], base);
  url.searchParams.set('token', token);
  return url.toString();
}
