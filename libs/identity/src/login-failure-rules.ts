import type { RateLimitRule } from '@parley/rate-limit';

/**
 * Which budgets a failed login spends. Only failures count (a success gives its reservation
 * back; registrations have a budget of their own), and no budget can keep an account's owner
 * out for long because of someone else's failures:
 *
 * - per client IP (IPv6 per /64), any email: stops one address spraying many accounts. Clients
 *   known to the account (a successful login from that address in the last 30 days) skip it, so
 *   a shared office or mobile NAT does not lock its regular users out.
 * - per client IP and email: stops one address guessing one account. Another address (the owner
 *   on their phone) is untouched by it.
 * - per email, all clients together: the backstop against many addresses guessing one account.
 *   It is counted per 15-minute window with a fifth of the hourly limit, so that no 60 minutes
 *   (which overlap at most five such windows) see more than the limit of failures. Unknown
 *   clients may spend 80% of each window's budget; the rest is kept for clients known to the
 *   account, so the owner's usual devices still get in while an attack has spent the rest.
 *
 * Every window is 15 minutes: a refusal lasts at most until its window ends. The owner on an
 * unknown device during an attack from four or more addresses on their account is the one case
 * that waits (each time until the current window ends).
 */
export const LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;
export const KNOWN_CLIENT_WINDOW_SECONDS = 30 * 24 * 3600;
// Any 60 minutes overlap at most this many consecutive windows.
const WINDOWS_PER_HOUR_AT_MOST = 3600 / LOGIN_FAILURE_WINDOW_SECONDS + 1;
const UNKNOWN_CLIENT_SHARE = 0.8;

export interface LoginFailureLimits {
  perIp: number;
  perIpEmail: number;
  perEmailPerHour: number;
}

export interface LoginClient {
  /** The client's address as rate limits key it (IPv6 reduced to its /64). */
  ip: string;
  /** A hash of the normalised email (rate-limit stores never hold addresses). */
  emailKey: string;
  /** Whether this address has signed in to the account in the last 30 days. */
  known: boolean;
}

/** The budgets one login attempt reserves, released again if the password is right. */
export function loginFailureBudgets(
  client: LoginClient,
  limits: LoginFailureLimits,
): RateLimitRule[] {
  const windowSeconds = LOGIN_FAILURE_WINDOW_SECONDS;
  const perEmailWindow = Math.floor(limits.perEmailPerHour / WINDOWS_PER_HOUR_AT_MOST);
  const email: RateLimitRule = {
    key: `login-fail:email:${client.emailKey}`,
    limit: client.known
      ? perEmailWindow
      : Math.max(1, Math.floor(perEmailWindow * UNKNOWN_CLIENT_SHARE)),
    windowSeconds,
  };
  const ipEmail: RateLimitRule = {
    key: `login-fail:ip-email:${client.ip}:${client.emailKey}`,
    limit: limits.perIpEmail,
    windowSeconds,
  };
  if (client.known) return [ipEmail, email];
  return [
    { key: `login-fail:ip:${client.ip}`, limit: limits.perIp, windowSeconds },
    ipEmail,
    email,
  ];
}

/** The marker a successful login leaves, making its address known to the account. */
export function knownClientMarker(client: Pick<LoginClient, 'ip' | 'emailKey'>): {
  key: string;
  windowSeconds: number;
} {
  return {
    key: `login-known:${client.emailKey}:${client.ip}`,
    windowSeconds: KNOWN_CLIENT_WINDOW_SECONDS,
  };
}
