import { validationFailed } from '@parley/errors';
import {
  codePointLength,
  hasInvisibleCharacter,
  isBlankText,
  lacksVisibleBase,
  trimText,
  unstorableReason,
} from '@parley/text';

// Every limit of an account's text, in characters (code points); DTOs document and check these.
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
/**
 * The longest password hashed to compare it (login, confirmations): longer than any password can
 * be, so a long guess is only a wrong password, yet short enough that argon2 never hashes a
 * megabyte.
 */
export const PASSWORD_INPUT_MAX = 1024;
export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 40;
/** RFC 5321's longest forward path. */
export const EMAIL_MAX = 254;
/**
 * The longest opaque token a client sends back (a refresh token, the token of an emailed link):
 * Parley's are 43 to about 100 characters; a longer one is refused before any lookup.
 */
export const TOKEN_MAX = 512;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * An address as a security notice shows it to another mailbox: its first character and its
 * domain (`a***@example.com`), enough for the owner to tell it is not theirs without handing the
 * whole address to whoever reads the old mailbox.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const first = Array.from(email.slice(0, Math.max(at, 0)))[0] ?? '';
  return at < 0 ? '***' : `${first}***@${email.slice(at + 1)}`;
}

export function checkEmail(email: string): string {
  refuseUnstorable(email, 'email');
  const trimmed = email.trim();
  if (trimmed.length > EMAIL_MAX || !EMAIL_SHAPE.test(trimmed)) {
    throw validationFailed(
      { field: 'email', message: 'must be an email address' },
      'The email address is invalid',
    );
  }
  return trimmed;
}

/**
 * Trimmed (as comment bodies are), NFC-normalised, 2–40 characters, nothing invisible,
 * direction-changing or filler anywhere, not blank, storable, with at least one visible base
 * character and no combining mark without one (registration, PATCH /me and SSO names alike).
 */
export function checkDisplayName(name: string): string {
  refuseUnstorable(name, 'displayName');
  const normalized = trimText(name.normalize('NFC'));
  const length = codePointLength(normalized);
  if (length < DISPLAY_NAME_MIN || length > DISPLAY_NAME_MAX) {
    throw validationFailed(
      {
        field: 'displayName',
        message: `must be ${DISPLAY_NAME_MIN}–${DISPLAY_NAME_MAX} characters after trimming`,
      },
      'The display name is invalid',
    );
  }
  if (hasInvisibleCharacter(normalized) || isBlankText(normalized)) {
    throw validationFailed(
      {
        field: 'displayName',
        message: 'must not contain control, invisible or direction-changing characters',
      },
      'The display name is invalid',
    );
  }
  if (lacksVisibleBase(normalized)) {
    throw validationFailed(
      {
        field: 'displayName',
        message:
          'must contain a letter, number, symbol or punctuation, with combining marks only after one',
      },
      'The display name is invalid',
    );
  }
  return normalized;
}

export function checkPassword(password: string, field = 'password'): string {
  refuseUnstorable(password, field);
  const length = codePointLength(password);
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    throw validationFailed(
      { field, message: `must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters` },
      'The password is invalid',
    );
  }
  return password;
}

/** The shared text rule (libs/text): U+0000 or an unpaired surrogate is a 400, never a 500. */
function refuseUnstorable(text: string, field: string): void {
  const reason = unstorableReason(text);
  if (reason) throw validationFailed({ field, message: reason });
}
