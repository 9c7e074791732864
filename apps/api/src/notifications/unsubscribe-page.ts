import { escapeHtml } from '@parley/mail';
import type { NotificationKind } from '@parley/notifications';

const WHAT: Record<NotificationKind, string> = {
  replies: 'mails about replies to your comments',
  moderation: 'mails about moderators’ decisions on your comments',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto; line-height: 1.5">
<h1 style="font-size: 1.3rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The page of a GET on the link: it only asks; the button's POST unsubscribes (link scanners GET). */
export function confirmPage(kind: NotificationKind, token: string): string {
  return page(
    'Unsubscribe',
    `<p>Stop ${WHAT[kind]}?</p>
<form method="post" action="?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
  );
}

export function invalidPage(): string {
  return page('Unsubscribe', '<p>This unsubscribe link is not valid.</p>');
}

export function donePage(kind: NotificationKind): string {
  return page(
    'Unsubscribed',
    `<p>You will get no more ${WHAT[kind]}. Change this any time in your account.</p>`,
  );
}
