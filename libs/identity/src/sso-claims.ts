import { DomainError, ERROR_STATUS_ELSEWHERE } from '@parley/errors';
import { codePointLength, unstorableReason } from '@parley/text';
import { checkDisplayName, checkEmail, DISPLAY_NAME_MAX } from './account-text';

/** The longest lifetime (exp - iat) a publisher's sign-in token may have: it is meant for one exchange. */
export const SSO_TOKEN_LIFETIME_MAX_SECONDS = 300;
/** How far the publisher's clock may be from ours (exp, iat, nbf). */
export const SSO_CLOCK_TOLERANCE_SECONDS = 30;
/** The longest `sub` and `jti` accepted (they are stored and compared as given). */
export const SSO_ID_MAX = 255;
/** The longest publisher token read at all (a JWT with an RSA signature and a few claims is ~1 KB). */
export const SSO_TOKEN_MAX = 8192;

/** What a verified token says about the reader, checked. */
export interface SsoClaims {
  issuer: string;
  subject: string;
  jti: string;
  issuedAt: Date;
  /** When the token stops being accepted: its exp plus the clock tolerance. */
  acceptableUntil: Date;
  email: string | null;
  /** Null when the token names no one; longer names are shortened to DISPLAY_NAME_MAX. */
  name: string | null;
  /** The whole payload, for the sign-in steps of other domains (e.g. billing's `entitlement`). */
  payload: Readonly<Record<string, unknown>>;
}

/** The 401 of POST /auth/sso: the token is not one Parley accepts (the message says why, never the token). */
export function ssoTokenRefused(message: string): DomainError {
  return new DomainError(
    'invalid_token',
    message,
    undefined,
    undefined,
    ERROR_STATUS_ELSEWHERE.invalid_token,
  );
}

/**
 * The claim rules jose does not know, applied to a payload whose signature, issuer, audience,
 * exp and iat it has checked: a lifetime of at most 5 minutes, a `sub` and a `jti`, and an email
 * and a name Parley can store. A claim of the wrong shape refuses the token (401), never a 500.
 */
export function readSsoClaims(payload: Record<string, unknown>, issuer: string): SsoClaims {
  const { exp, iat, sub, jti } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number')
    throw ssoTokenRefused('The token must carry exp and iat');
  if (exp - iat > SSO_TOKEN_LIFETIME_MAX_SECONDS)
    throw ssoTokenRefused(
      `The token lives longer than ${SSO_TOKEN_LIFETIME_MAX_SECONDS} seconds (exp - iat)`,
    );
  if (exp <= iat) throw ssoTokenRefused('The token expires before it was issued');
  return {
    issuer,
    subject: identifier(sub, 'sub'),
    jti: identifier(jti, 'jti'),
    issuedAt: new Date(iat * 1000),
    acceptableUntil: new Date((exp + SSO_CLOCK_TOLERANCE_SECONDS) * 1000),
    email: email(payload.email),
    name: name(payload.name),
    payload,
  };
}

function identifier(value: unknown, claim: 'sub' | 'jti'): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > SSO_ID_MAX ||
    unstorableReason(value) !== null
  )
    throw ssoTokenRefused(`The token must carry a ${claim} of 1–${SSO_ID_MAX} characters`);
  return value;
}

function email(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw ssoTokenRefused('The email claim must be a string');
  try {
    return checkEmail(value);
  } catch {
    throw ssoTokenRefused('The email claim is not an email address');
  }
}

/** A name longer than Parley's limit is shortened rather than refused: the publisher's rules are its own. */
function name(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw ssoTokenRefused('The name claim must be a string');
  const trimmed = value.trim().normalize('NFC');
  const shortened =
    codePointLength(trimmed) > DISPLAY_NAME_MAX
      ? [...trimmed].slice(0, DISPLAY_NAME_MAX).join('').trim()
      : trimmed;
  try {
    return checkDisplayName(shortened);
  } catch {
    throw ssoTokenRefused('The name claim is not a usable display name');
  }
}
