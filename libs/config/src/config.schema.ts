import { isIP } from 'node:net';

/**
 * The one environment schema of Parley. Every variable the service reads is declared here with
 * its default and a one-line description; the README's table is checked against this list.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Parser<T> = (raw: string, name: string) => T;

export interface VariableSpec<T> {
  description: string;
  /** Default as written in the environment; undefined means "unset unless given". */
  default?: string;
  parse: Parser<T>;
}

function variable<T, S extends VariableSpec<T>>(spec: S & VariableSpec<T>): S {
  return spec;
}

const text: Parser<string> = (raw) => raw;

function integer(min: number, max: number): Parser<number> {
  return (raw, name) => {
    if (!/^\d+$/.test(raw.trim()))
      throw new ConfigError(name, `must be a whole number, got "${raw}"`);
    const value = Number(raw.trim());
    if (value < min || value > max) {
      throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    }
    return value;
  };
}

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw, name) => {
    const value = raw.trim() as T;
    if (!values.includes(value)) {
      throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return value;
  };
}

const boolean: Parser<boolean> = (raw, name) => {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no', ''].includes(value)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
};

function url(...protocols: string[]): Parser<string> {
  return (raw, name) => {
    try {
      const parsed = new URL(raw.trim());
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw.trim();
    } catch {
      throw new ConfigError(name, `must be a ${protocols.join(' or ')} URL`);
    }
  };
}

/** A decimal number in [min, max], e.g. 0.8. */
function fraction(min: number, max: number): Parser<number> {
  return (raw, name) => {
    const value = Number(raw.trim());
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || value < min || value > max)
      throw new ConfigError(name, `must be a number between ${min} and ${max}, got "${raw}"`);
    return value;
  };
}

/** An address, optionally with a display name: `a@b.example` or `Name <a@b.example>`. */
const mailbox: Parser<string> = (raw, name) => {
  const value = raw.trim();
  if (!/^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(value))
    throw new ConfigError(
      name,
      `must be an address (a@b.example or Name <a@b.example>), got "${raw}"`,
    );
  return value;
};

const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

function urlList(...protocols: string[]): Parser<string[]> {
  return (raw, name) => list(raw, name).map((item) => url(...protocols)(item, name));
}

/** An http(s) URL in which `{key}`, if present, is where the purged key goes. */
const purgeUrl: Parser<string> = (raw, name) => {
  url('https:', 'http:')(raw.replace(/\{key\}/g, 'key'), name);
  return raw.trim();
};

/** `Name: value` pairs separated by `;`, names being HTTP tokens. */
const headerList: Parser<Record<string, string>> = (raw, name) => {
  const headers: Record<string, string> = {};
  for (const item of raw.split(';').filter((part) => part.trim() !== '')) {
    const colon = item.indexOf(':');
    const header = item.slice(0, Math.max(colon, 0)).trim();
    const value = item.slice(colon + 1).trim();
    if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header) || /[\r\n]/.test(value))
      throw new ConfigError(name, 'must list `Name: value` headers separated by `;`');
    headers[header] = value;
  }
  return headers;
};

/** A signing key of at least `minBytes` bytes (UTF-8), whatever NODE_ENV says. */
function secret(minBytes: number): Parser<string> {
  return (raw, name) => {
    if (Buffer.byteLength(raw) < minBytes)
      throw new ConfigError(name, `must be at least ${minBytes} bytes`);
    return raw;
  };
}

function secretList(minBytes: number): Parser<string[]> {
  return (raw, name) => {
    const items = list(raw, name);
    if (items.some((item) => Buffer.byteLength(item) < minBytes))
      throw new ConfigError(name, `must list secrets of at least ${minBytes} bytes each`);
    return items;
  };
}

/** Web origins (`https://news.example.com`, `http://localhost:8080`): scheme, host, port, no path. */
const originList: Parser<string[]> = (raw, name) => {
  const items = list(raw, name);
  for (const item of items) {
    let origin: string | undefined;
    try {
      const parsed = new URL(item);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') origin = parsed.origin;
    } catch {
      origin = undefined;
    }
    if (origin !== item)
      throw new ConfigError(
        name,
        `must list origins such as https://news.example.com (no path, no trailing slash), got "${item}"`,
      );
  }
  return items;
};

/**
 * What the HTTP server can bind: an IPv4 or IPv6 literal (no brackets) or a host name of DNS
 * labels. A name whose last label is all digits is neither (`999.1.1.1`, `10.0.0`): caught here
 * instead of as getaddrinfo's ENOTFOUND at listen. Whether a valid name resolves to an address of
 * this machine only listen can tell (main.ts names HOST then too).
 */
const listenHost: Parser<string> = (raw, name) => {
  const value = raw.trim();
  const labels = value.replace(/\.$/, '').split('.');
  const hostName =
    value.length <= 253 &&
    labels.every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]!);
  if (isIP(value) === 0 && !hostName)
    throw new ConfigError(
      name,
      `must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name, got "${raw}"`,
    );
  return value;
};

/** `false`, `true`, a hop count, or a comma-separated list of proxy addresses/subnets. */
const trustProxy: Parser<boolean | number | string[]> = (raw, name) => {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return integer(0, 100)(value, name);
  const entries = list(value, name);
  for (const entry of entries) {
    if (
      !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry) &&
      !['loopback', 'linklocal', 'uniquelocal'].includes(entry)
    ) {
      throw new ConfigError(
        name,
        `must be false, true, a hop count or a list of IPs/subnets, got "${raw}"`,
      );
    }
  }
  return entries;
};

export const CONFIG_SCHEMA = {
  NODE_ENV: variable({
    description: 'development, production or test',
    default: 'development',
    parse: oneOf('development', 'production', 'test'),
  }),
  HOST: variable({
    description:
      'Interface the HTTP server binds: an IP address of this machine (0.0.0.0: all of them; :: for IPv6 too) or a host name resolving to one',
    default: '0.0.0.0',
    parse: listenHost,
  }),
  PARLEY_ROLE: variable({
    description:
      'all: HTTP and background work; api: HTTP only (no outbox worker, no retention job); worker: background work, and HTTP only for the health routes',
    default: 'all',
    parse: oneOf('all', 'api', 'worker'),
  }),
  MIGRATE_ON_START: variable({
    description:
      'false: start without applying migrations to DATABASE_URL (a deploy runs `npm run db:migrate` first, e.g. a Kubernetes Job)',
    default: 'true',
    parse: boolean,
  }),
  PORT: variable({ description: 'HTTP port', default: '3000', parse: integer(0, 65535) }),
  LOG_LEVEL: variable({
    description: 'pino level: fatal, error, warn, info, debug, trace or silent',
    default: 'info',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  }),
  DATABASE_URL: variable({
    description: 'PostgreSQL URL; unset means the embedded PostgreSQL under DATA_DIR',
    parse: url('postgres:', 'postgresql:'),
  }),
  DATABASE_DIRECT_URL: variable({
    description:
      'PostgreSQL itself, when DATABASE_URL is a pooler in transaction mode (PgBouncer): migrations and session locks use it, and the pool then sends no startup parameters or named statements',
    parse: url('postgres:', 'postgresql:'),
  }),
  DATABASE_REPLICA_URLS: variable({
    description:
      'Comma-separated PostgreSQL streaming replicas of DATABASE_URL: thread reads of GET requests go to a healthy one, everything else to DATABASE_URL; empty reads from DATABASE_URL only',
    default: '',
    parse: urlList('postgres:', 'postgresql:'),
  }),
  REPLICA_MAX_LAG_SECONDS: variable({
    description:
      'A replica further behind the primary than this (or down) is skipped until it catches up; checked every second in the background',
    default: '5',
    parse: integer(1, 3600),
  }),
  REPLICA_READ_YOUR_WRITES_SECONDS: variable({
    description:
      "After a signed-in user's write (any request other than GET/HEAD/OPTIONS), that user's reads go to the primary for this long; more than REPLICA_MAX_LAG_SECONDS",
    default: '10',
    parse: integer(1, 3600),
  }),
  DATABASE_POOL_SIZE: variable({
    description: 'Connections per instance to PostgreSQL (the embedded server always uses 1)',
    default: '10',
    parse: integer(1, 200),
  }),
  DATA_DIR: variable({
    description: 'Folder for the embedded database and the generated development JWT secret',
    default: './.data',
    parse: text,
  }),
  EMBEDDED_DATABASE_IN_PRODUCTION: variable({
    description:
      'true allows NODE_ENV=production without DATABASE_URL (the embedded database: one instance, no backups of its own)',
    default: 'false',
    parse: boolean,
  }),
  JWT_SECRET: variable({
    description:
      'HS256 key for access tokens, at least 32 bytes; required in production, generated into DATA_DIR otherwise',
    parse: secret(32),
  }),
  JWT_PREVIOUS_SECRETS: variable({
    description:
      'Comma-separated earlier JWT_SECRET values (32+ bytes each): tokens they signed are still accepted, nothing new is signed with them (rotation)',
    default: '',
    parse: secretList(32),
  }),
  JWT_ACCESS_TTL_SECONDS: variable({
    description: 'Access token lifetime',
    default: '900',
    parse: integer(30, 86400),
  }),
  JWT_ISSUER: variable({
    description: 'iss claim of access tokens',
    default: 'parley',
    parse: text,
  }),
  JWT_AUDIENCE: variable({
    description: 'aud claim of access tokens',
    default: 'parley-api',
    parse: text,
  }),
  REFRESH_TOKEN_TTL_DAYS: variable({
    description: 'Refresh token lifetime',
    default: '30',
    parse: integer(1, 365),
  }),
  REFRESH_REUSE_GRACE_SECONDS: variable({
    description:
      'How long after its rotation a refresh token presented again returns the same successor pair instead of revoking the login (two tabs, a retried request)',
    default: '10',
    parse: integer(0, 60),
  }),
  SESSION_MAX_DAYS: variable({
    description:
      'Absolute lifetime of a login: after this many days since sign-in, refresh answers 401 whatever the rotations',
    default: '90',
    parse: integer(1, 3650),
  }),
  ADMIN_EMAIL: variable({
    description: 'With ADMIN_PASSWORD: this account exists and is an admin after start-up',
    parse: text,
  }),
  ADMIN_PASSWORD: variable({
    description:
      'Password for ADMIN_EMAIL when the account is created; an existing account is promoted only when this is its password',
    parse: text,
  }),
  TRUST_PROXY: variable({
    description: 'Which proxies may set X-Forwarded-For: false, true, a hop count, or IPs/subnets',
    default: 'false',
    parse: trustProxy,
  }),
  CORS_ORIGINS: variable({
    description:
      'Comma-separated publisher origins whose pages may call the API from a browser (e.g. https://news.example.com); every other origin gets no CORS grant',
    default: '',
    parse: originList,
  }),
  SSO_SECRET: variable({
    description:
      'Publisher sign-in (POST /auth/sso): the HS256 key the publisher signs its tokens with, at least 32 bytes (or SSO_JWKS_URL)',
    parse: secret(32),
  }),
  SSO_JWKS_URL: variable({
    description:
      "Publisher sign-in: URL of the publisher's JWKS (RS256/ES256 keys, fetched again for an unknown kid); https in production",
    parse: url('https:', 'http:'),
  }),
  SSO_ISSUER: variable({
    description: 'Publisher sign-in: the iss claim its tokens must carry (required with a key)',
    parse: text,
  }),
  SSO_AUDIENCE: variable({
    description: 'Publisher sign-in: the aud claim its tokens must carry (required with a key)',
    parse: text,
  }),
  SSO_JWKS_COOLDOWN_SECONDS: variable({
    description:
      'Publisher sign-in: a token with a kid not in the cached JWKS fetches it again at most once per this many seconds',
    default: '30',
    parse: integer(0, 3600),
  }),
  REDIS_URL: variable({
    description:
      'Redis for rate limits and caches shared by all instances; unset keeps them in process',
    parse: url('redis:', 'rediss:'),
  }),
  CACHE_TTL_MS: variable({
    description:
      'How long an anonymous first page of comments may be served from cache; 0 turns the cache off',
    default: '2000',
    parse: integer(0, 60000),
  }),
  HTTP_STALE_WHILE_REVALIDATE_SECONDS: variable({
    description:
      'Anonymous reads: stale-while-revalidate of their Cache-Control, how long a CDN may serve an expired answer while it fetches a fresh one',
    default: '30',
    parse: integer(0, 86400),
  }),
  CDN_PURGE_URL: variable({
    description:
      'Called after every change to an article\'s comments or counts with its key (`article-` and the URL-encoded id): `{key}` in the URL is replaced by it, else it is sent as a JSON body {"tags":[key]}; unset purges nothing',
    parse: purgeUrl,
  }),
  CDN_PURGE_METHOD: variable({
    description: 'The HTTP method of CDN_PURGE_URL',
    default: 'POST',
    parse: oneOf('POST', 'PURGE', 'DELETE', 'GET'),
  }),
  CDN_PURGE_HEADERS: variable({
    description:
      'Headers sent with every purge, `Name: value` separated by `;` (e.g. `Fastly-Key: …` or `Authorization: Bearer …`)',
    parse: headerList,
  }),
  ARTICLE_CHANGED_INTERVAL_SECONDS: variable({
    description:
      'The article.changed webhook event is sent at most once per article per this many seconds (changes in between fold into the next one)',
    default: '10',
    parse: integer(0, 3600),
  }),
  MAX_IN_FLIGHT_REQUESTS: variable({
    description:
      'Requests one instance serves at once, counted once their body is read; beyond it, 503 service_unavailable with Retry-After (0: no bound)',
    default: '512',
    parse: integer(0, 100000),
  }),
  HEAP_GROWTH_PERCENT: variable({
    description:
      "How far V8 lets the heap grow past the live data before collecting, in percent (0: V8's own heuristics, which allow up to 4x)",
    default: '50',
    parse: integer(0, 1000),
  }),
  MALLOC_TRIM_INTERVAL_MS: variable({
    description:
      "How often, in ms, the service checks whether its resident size grew by 2 MB since the last trim of malloc's free memory (glibc's malloc_trim), and trims if so; 0: never",
    default: '200',
    parse: integer(0, 3_600_000),
  }),
  RATE_LIMIT_DISABLED: variable({
    description: 'true turns every rate limit off (benchmarks)',
    default: 'false',
    parse: boolean,
  }),
  AUTH_RATE_LIMIT_PER_IP: variable({
    description:
      'Registrations, refreshes and publisher sign-ins (POST /auth/sso) per client IP per window (a budget each)',
    default: '30',
    parse: integer(1, 100000),
  }),
  AUTH_RATE_LIMIT_PER_EMAIL: variable({
    description: 'Password checks (password change, account erasure) per account per window',
    default: '10',
    parse: integer(1, 100000),
  }),
  AUTH_RATE_LIMIT_WINDOW_SECONDS: variable({
    description: 'Window of the registration, refresh and password-check limits',
    default: '60',
    parse: integer(1, 86400),
  }),
  // Abuse limits: login failures, per-user action budgets, slow clients, password hashing.
  AUTH_LOGIN_FAILURES_PER_IP: variable({
    description:
      'Failed logins per client IP (IPv6: per /64), any email, per 15 minutes; clients known to the account are exempt',
    default: '30',
    parse: integer(1, 100000),
  }),
  AUTH_LOGIN_FAILURES_PER_IP_EMAIL: variable({
    description: 'Failed logins per email from one client IP per 15 minutes',
    default: '5',
    parse: integer(1, 1000),
  }),
  AUTH_LOGIN_FAILURES_PER_EMAIL_PER_HOUR: variable({
    description:
      'Failed logins per email in any 60 minutes, all clients together (at most 100; a fifth per 15 minutes); clients unknown to the account stop at 80% of each fifth',
    default: '100',
    parse: integer(5, 100),
  }),
  LIKE_RATE_LIMIT_PER_MINUTE: variable({
    description: 'Likes and unlikes per user per minute',
    default: '60',
    parse: integer(1, 100000),
  }),
  COMMENT_EDIT_RATE_LIMIT_PER_MINUTE: variable({
    description: 'Comment edits per user per minute',
    default: '10',
    parse: integer(1, 100000),
  }),
  COMMENT_REVISIONS_MAX: variable({
    description:
      'Earlier texts kept per comment; an edit beyond it deletes the oldest in its transaction, and the retention job trims older excess',
    default: '20',
    parse: integer(1, 10000),
  }),
  REPORT_RATE_LIMIT_PER_MINUTE: variable({
    description: 'Reports per user per minute',
    default: '10',
    parse: integer(1, 100000),
  }),
  BILLING_RATE_LIMIT_PER_MINUTE: variable({
    description: 'Checkout and portal sessions per user per minute (one budget for both)',
    default: '10',
    parse: integer(1, 100000),
  }),
  PROFILE_RATE_LIMIT_PER_MINUTE: variable({
    description: 'Profile changes (PATCH /me) per user per minute',
    default: '10',
    parse: integer(1, 100000),
  }),
  HTTP_HEADERS_TIMEOUT_SECONDS: variable({
    description:
      "Time a client has to send a request's headers (at most HTTP_REQUEST_TIMEOUT_SECONDS); 408 and closed after",
    default: '10',
    parse: integer(1, 600),
  }),
  HTTP_REQUEST_TIMEOUT_SECONDS: variable({
    description: 'Time a client has to send a whole request, body included; 408 and closed after',
    default: '15',
    parse: integer(1, 600),
  }),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: variable({
    description:
      "Time an idle kept-alive connection stays open after its last answer; keep it above the load balancer's idle timeout (an ALB's 60 s), so that the balancer, not Parley, closes idle connections",
    default: '65',
    parse: integer(1, 3600),
  }),
  PASSWORD_HASH_CONCURRENCY: variable({
    description:
      'Password hashes and checks (argon2: login, register, password change, erasure) run at once per instance',
    default: '2',
    parse: integer(1, 64),
  }),
  PASSWORD_HASH_QUEUE: variable({
    description:
      'Password hashes that may wait for a turn; beyond it, 503 service_unavailable with Retry-After',
    default: '32',
    parse: integer(0, 100000),
  }),
  COMMENT_RATE_LIMIT_PER_MINUTE: variable({
    description: 'New comments per user per minute',
    default: '5',
    parse: integer(1, 100000),
  }),
  COMMENT_EDIT_WINDOW_SECONDS: variable({
    description: 'How long an author may edit a comment',
    default: '900',
    parse: integer(0, 31536000),
  }),
  STRIPE_SECRET_KEY: variable({
    description: 'Stripe API key; without it checkout and portal answer 503',
    parse: text,
  }),
  STRIPE_WEBHOOK_SECRET: variable({
    description: 'Webhook signing secrets, comma-separated (rotation)',
    default: '',
    parse: list,
  }),
  STRIPE_PRICE_IDS: variable({
    description: 'Comma-separated Stripe price ids of the plans sold',
    default: '',
    parse: list,
  }),
  STRIPE_API_BASE: variable({
    description: 'Send Stripe API calls here instead of Stripe (stripe-mock, a local fake)',
    parse: url('http:', 'https:'),
  }),
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: variable({
    description: 'Maximum age of a webhook signature',
    default: '300',
    parse: integer(1, 86400),
  }),
  BILLING_PAST_DUE_GRACE_DAYS: variable({
    description: 'Days a past_due subscription keeps granting after its period end',
    default: '14',
    parse: integer(0, 365),
  }),
  PUBLIC_APP_URL: variable({
    description:
      'Publisher site that Checkout and the portal return to, and that mailed links (verify-email, reset-password) point to',
    default: 'http://localhost:3000',
    parse: url('http:', 'https:'),
  }),
  RETENTION_INTERVAL_SECONDS: variable({
    description:
      'How often the retention job purges what has outlived its period (one instance at a time); 0 turns it off',
    default: '3600',
    parse: integer(0, 604800),
  }),
  RETENTION_REFRESH_TOKENS_DAYS: variable({
    description:
      'Days an expired refresh token is kept after its expiry (a login whose tokens are all gone goes with them)',
    default: '0',
    parse: integer(0, 3650),
  }),
  RETENTION_IDEMPOTENCY_KEYS_HOURS: variable({
    description:
      'Hours a comment Idempotency-Key is kept (at least 24: keys answer retries for 24 h)',
    default: '24',
    parse: integer(24, 87600),
  }),
  RETENTION_STRIPE_EVENTS_DAYS: variable({
    description:
      'Days a processed Stripe event id is kept to recognise a repeat (at least 7: Stripe retries for 3 days)',
    default: '30',
    parse: integer(7, 3650),
  }),
  RETENTION_OUTBOX_DAYS: variable({
    description:
      'Days a handled outbox message (a mail sent or given up) is kept after it was queued; waiting ones stay',
    default: '30',
    parse: integer(1, 3650),
  }),
  // Email and the outbox (libs/outbox, libs/mail, libs/notifications).
  SMTP_URL: variable({
    description:
      'SMTP server for outgoing mail (smtp://user:pass@host:587, smtps://...); unset writes each message as an .eml file under DATA_DIR/mail/',
    parse: url('smtp:', 'smtps:'),
  }),
  MAIL_FROM: variable({
    description: 'From address of every message',
    default: 'Parley <no-reply@localhost>',
    parse: mailbox,
  }),
  MAIL_TEMPLATES_DIR: variable({
    description:
      'Folder of mail templates that replace the built-in ones of templates/mail/, file by file',
    parse: text,
  }),
  PUBLIC_API_URL: variable({
    description: 'Public base URL of this API (unsubscribe links); unset means PUBLIC_APP_URL',
    parse: url('http:', 'https:'),
  }),
  OUTBOX_WORKER: variable({
    description:
      'true: this instance sends queued mail and publisher webhooks; false leaves them to other instances',
    default: 'true',
    parse: boolean,
  }),
  OUTBOX_POLL_INTERVAL_MS: variable({
    description: 'How often the outbox worker looks for due messages',
    default: '1000',
    parse: integer(10, 600000),
  }),
  OUTBOX_RETRY_BASE_SECONDS: variable({
    description:
      'First retry delay of a failed delivery; each further retry waits twice as long (at most 6 h)',
    default: '30',
    parse: integer(1, 86400),
  }),
  OUTBOX_MAX_ATTEMPTS: variable({
    description: 'Delivery attempts before a message is given up (state failed)',
    default: '12',
    parse: integer(1, 1000),
  }),
  // Publisher webhooks (libs/webhooks).
  WEBHOOK_ALLOW_PRIVATE_TARGETS: variable({
    description:
      'true lets webhook endpoints be http: URLs and resolve to loopback, private or link-local addresses (tests, on-premise receivers)',
    default: 'false',
    parse: boolean,
  }),
  WEBHOOK_RETRY_WINDOW_SECONDS: variable({
    description:
      'How long a failing webhook delivery is retried before it is given up, and how long an endpoint may fail before it is disabled',
    default: '86400',
    parse: integer(1, 604800),
  }),
  MAIL_RATE_LIMIT_PER_ADDRESS: variable({
    description:
      'Mails to one address per window, two budgets: password-reset mails (anyone may ask; over it nothing is sent, the answer stays 202) and mails that a signed-in account asks for (verification resends, both mails of an email change; 429)',
    default: '5',
    parse: integer(1, 100000),
  }),
  MAIL_RATE_LIMIT_PER_IP: variable({
    description: 'Requests to mail-sending routes per client IP per window',
    default: '30',
    parse: integer(1, 100000),
  }),
  MAIL_RATE_LIMIT_WINDOW_SECONDS: variable({
    description: 'Window of the mail limits',
    default: '3600',
    parse: integer(1, 86400),
  }),
  REPLY_NOTIFICATION_WINDOW_SECONDS: variable({
    description:
      'Replies to one reader on one article are batched into at most one mail per this many seconds',
    default: '900',
    parse: integer(0, 86400),
  }),
  ARTICLE_AUTO_CLOSE_DAYS: variable({
    description:
      'Articles close to new comments this many days after their creation unless their closesAt says otherwise; unset: never',
    parse: integer(1, 36500),
  }),
  SCORING_URL: variable({
    description:
      'Perspective-compatible toxicity scoring endpoint; when set, new and edited comments are scored (at most 1.5 s, else unscored)',
    parse: url('http:', 'https:'),
  }),
  SCORING_API_KEY: variable({
    description: 'Key sent to SCORING_URL as ?key=',
    parse: text,
  }),
  SCORING_HOLD_THRESHOLD: variable({
    description:
      'A toxicity score at or above this (0–1) holds the comment as pending (reason score)',
    default: '0.8',
    parse: fraction(0, 1),
  }),
  MAX_STREAMS: variable({
    description:
      'Open live-update streams (GET /articles/:id/stream) one instance serves at once; beyond it, 503 service_unavailable with Retry-After',
    default: '10000',
    parse: integer(1, 1000000),
  }),
  LIVE_HISTORY_SECONDS: variable({
    description:
      'How long live-update events are kept per article so that a reader can resume with Last-Event-ID (at least 300)',
    default: '600',
    parse: integer(300, 86400),
  }),
  LIVE_PING_SECONDS: variable({
    description: 'A `: ping` comment goes to every open stream this often',
    default: '25',
    parse: integer(1, 3600),
  }),
  LIVE_MAX_BUFFER_BYTES: variable({
    description:
      'Unsent bytes a stream may hold for a slow reader; beyond it the stream is closed (the reader resumes with Last-Event-ID)',
    default: '262144',
    parse: integer(1024, 67108864),
  }),
};

export type ConfigSchema = typeof CONFIG_SCHEMA;
export type ConfigKey = keyof ConfigSchema;
type Parsed<S> = S extends { parse: Parser<infer T> } ? T : never;
export type ConfigValues = {
  readonly [K in ConfigKey]: ConfigSchema[K] extends { default: string }
    ? Parsed<ConfigSchema[K]>
    : Parsed<ConfigSchema[K]> | undefined;
};
