import { DomainError } from '@parley/errors';

/** The position after the last entry of an audit page: its time and id (newest first). */
export interface AuditPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_CURSOR_LENGTH = 200;

export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(
    JSON.stringify({ k: 'audit', t: position.at.toISOString(), i: position.id }),
  ).toString('base64url');
}

/** Reads a cursor made by encodeAuditCursor; anything else (garbled, tampered, another list's) is a 400. */
export function decodeAuditCursor(cursor: string): AuditPosition {
  const payload = parse(cursor);
  if (!payload || payload.k !== 'audit' || Object.keys(payload).length !== 3) throw invalidCursor();
  const { t, i } = payload;
  if (typeof t !== 'string' || !ISO.test(t) || typeof i !== 'string' || !UUID.test(i))
    throw invalidCursor();
  const at = new Date(t);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== t) throw invalidCursor();
  return { at, id: i.toLowerCase() };
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
  return new DomainError('validation_failed', 'The cursor is invalid', [
    { field: 'cursor', message: 'must be a nextCursor of this list' },
  ]);
}
