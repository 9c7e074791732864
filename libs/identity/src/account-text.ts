import { DomainError } from '@parley/errors';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 40;
const EMAIL_MAX = 254;

// Control characters, zero-width characters, bidirectional overrides/isolates, BOM.
const FORBIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > EMAIL_MAX || !EMAIL_SHAPE.test(trimmed)) {
    throw new DomainError('validation_failed', 'The email address is invalid', [
      { field: 'email', message: 'must be an email address' },
    ]);
  }
  return trimmed;
}

/** Trimmed, NFC-normalised, 2–40 characters, nothing invisible or direction-changing. */
export function checkDisplayName(name: string): string {
  const normalized = name.normalize('NFC').trim();
  const length = [...normalized].length;
  if (length < DISPLAY_NAME_MIN || length > DISPLAY_NAME_MAX) {
    throw new DomainError('validation_failed', 'The display name is invalid', [
      {
        field: 'displayName',
        message: `must be ${DISPLAY_NAME_MIN}–${DISPLAY_NAME_MAX} characters after trimming`,
      },
    ]);
  }
  if (FORBIDDEN_IN_NAMES.test(normalized)) {
    throw new DomainError('validation_failed', 'The display name is invalid', [
      {
        field: 'displayName',
        message: 'must not contain control, invisible or direction-changing characters',
      },
    ]);
  }
  return normalized;
}

export function checkPassword(password: string, field = 'password'): string {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    throw new DomainError('validation_failed', 'The password is invalid', [
      { field, message: `must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters` },
    ]);
  }
  return password;
}
