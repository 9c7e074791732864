import { decodeCursor, encodeCursor } from '@parley/cursor';

/** The position after the last entry of an audit page: its time and id (newest first). */
export interface AuditPosition {
  at: Date;
  id: string;
}

/** The audit log pages with the same opaque, validated cursors as every other list. */
export function encodeAuditCursor(position: AuditPosition): string {
  return encodeCursor('audit', position);
}

/** Reads a cursor made by encodeAuditCursor; anything else (garbled, tampered, another list's) is a 400. */
export function decodeAuditCursor(cursor: string): AuditPosition {
  const { at, id } = decodeCursor('audit', cursor);
  return { at, id };
}
