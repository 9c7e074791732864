import { DomainError, validationFailed } from '@parley/errors';
import { isUUID } from 'class-validator';

/**
 * Every keyset list of Parley: the comment sorts, the moderation queues, the audit log and the
 * webhook delivery log.
 */
export type CursorKind =
  | 'newest'
  | 'oldest'
  | 'top'
  | 'replies'
  | 'pending'
  | 'reported'
  | 'audit'
  | 'deliveries'
  // A user's comments in any status, newest first (the moderator's history of a user).
  | 'history';

/** The position after the last item of a page: its sort key values and id. */
export interface CursorPosition {
  at: Date;
  id: string;
  /** like_count, for `top` only. */
  likes?: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Parley's cursors are about 100 characters; a longer one is refused before decoding. */
export const MAX_CURSOR_LENGTH = 512;
/**
 * What a decoded cursor may hold: what the lists could have written into one. Times from 1970
 * to the end of year 9999 (PostgreSQL refuses year 0, which JavaScript writes as 0000), like
 * counts within the int4 column they are compared with (`::int` casts refuse more).
 */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const INT4_MAX = 2_147_483_647;

export function encodeCursor(kind: CursorKind, position: CursorPosition): string {
  const payload: Record<string, unknown> = {
    k: kind,
    t: position.at.toISOString(),
    i: position.id,
  };
  if (kind === 'top') payload.l = position.likes ?? 0;
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * Reads a cursor of the expected kind. Anything else (garbled, tampered with, from another
 * sort, a value out of range) is a 400: a cursor only positions a page, so checking its shape
 * and ranges is enough.
 */
export function decodeCursor(kind: CursorKind, cursor: string): CursorPosition {
  const payload = parse(cursor);
  if (!payload || payload.k !== kind) throw invalidCursor();
  const { t, i, l } = payload;
  if (typeof t !== 'string' || !ISO.test(t) || typeof i !== 'string' || !isUUID(i))
    throw invalidCursor();
  const at = new Date(t);
  const time = at.getTime();
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST || at.toISOString() !== t)
    throw invalidCursor();
  const expectedKeys = kind === 'top' ? 4 : 3;
  if (Object.keys(payload).length !== expectedKeys) throw invalidCursor();
  if (kind !== 'top') return { at, id: i.toLowerCase() };
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l > INT4_MAX) throw invalidCursor();
  return { at, id: i.toLowerCase(), likes: l };
}

function parse(cursor: string): Record<string, unknown> | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function invalidCursor(): DomainError {
  return validationFailed(
    { field: 'cursor', message: 'must be a nextCursor of this list' },
    'The cursor is invalid',
  );
}
