import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';

describe('audit cursor', () => {
  const position = {
    at: new Date('2026-11-27T07:00:00.123Z'),
    id: '0b7e4a52-64d4-4c1c-9a58-2f4f0c1b2a3d',
  };
  const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

  it('round-trips a position', () => {
    expect(decodeAuditCursor(encodeAuditCursor(position))).toEqual(position);
  });

  it('lower-cases the id', () => {
    expect(
      decodeAuditCursor(
        encode({ k: 'audit', t: position.at.toISOString(), i: position.id.toUpperCase() }),
      ).id,
    ).toBe(position.id);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an array', encode([1, 2])],
    ['another list', encode({ k: 'pending', t: '2026-11-27T07:00:00.123Z', i: position.id })],
    ['a bad id', encode({ k: 'audit', t: '2026-11-27T07:00:00.123Z', i: 'x' })],
    ['a bad time', encode({ k: 'audit', t: '2026-13-27T07:00:00.123Z', i: position.id })],
    ['a time in another format', encode({ k: 'audit', t: '2026-11-27', i: position.id })],
    ['an extra key', encode({ k: 'audit', t: '2026-11-27T07:00:00.123Z', i: position.id, x: 1 })],
    ['too long', 'a'.repeat(201)],
  ])('refuses %s with validation_failed', (_name, cursor) => {
    expect(() => decodeAuditCursor(cursor)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
