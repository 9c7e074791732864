import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursors', () => {
  const position = {
    at: new Date('2026-01-02T03:04:05.678Z'),
    id: '0b7e6c1e-3c39-4a55-9d6b-1b2f3c4d5e6f',
  };

  it('round-trips every kind', () => {
    expect(decodeCursor('newest', encodeCursor('newest', position))).toEqual(position);
    expect(decodeCursor('replies', encodeCursor('replies', position))).toEqual(position);
    expect(decodeCursor('top', encodeCursor('top', { ...position, likes: 7 }))).toEqual({
      ...position,
      likes: 7,
    });
  });

  it('refuses a cursor of another sort', () => {
    expect(() => decodeCursor('oldest', encodeCursor('newest', position))).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => decodeCursor('top', encodeCursor('newest', position))).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['an array', forge([1, 2])],
    ['a bad date', forge({ k: 'newest', t: '2026-13-45T00:00:00.000Z', i: position.id })],
    ['a date not in ISO form', forge({ k: 'newest', t: '2026-01-02', i: position.id })],
    ['a bad id', forge({ k: 'newest', t: position.at.toISOString(), i: 'x' })],
    ['extra keys', forge({ k: 'newest', t: position.at.toISOString(), i: position.id, x: 1 })],
    [
      'a negative like count',
      forge({ k: 'top', t: position.at.toISOString(), i: position.id, l: -1 }),
    ],
    [
      'a fractional like count',
      forge({ k: 'top', t: position.at.toISOString(), i: position.id, l: 1.5 }),
    ],
    ['a huge cursor', 'A'.repeat(600)],
    ['year 0', forge({ k: 'newest', t: '0000-01-01T00:00:00.000Z', i: position.id })],
    ['a time before 1970', forge({ k: 'newest', t: '1969-12-31T23:59:59.999Z', i: position.id })],
    [
      'a like count beyond int4',
      forge({ k: 'top', t: position.at.toISOString(), i: position.id, l: 2147483648 }),
    ],
    [
      'a like count beyond safe integers',
      forge({ k: 'top', t: position.at.toISOString(), i: position.id, l: 1e300 }),
    ],
  ])('refuses %s', (_name, cursor) => {
    expect(() => decodeCursor(cursor.includes('top') ? 'top' : 'newest', cursor)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => decodeCursor('top', cursor)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('accepts the edges of the ranges', () => {
    const at = (iso: string) => ({ ...position, at: new Date(iso) });
    for (const edge of [at('1970-01-01T00:00:00.000Z'), at('9999-12-31T23:59:59.999Z')])
      expect(decodeCursor('oldest', encodeCursor('oldest', edge))).toEqual(edge);
    const most = { ...position, likes: 2147483647 };
    expect(decodeCursor('top', encodeCursor('top', most))).toEqual(most);
  });

  it('refuses a tampered cursor', () => {
    const cursor = encodeCursor('newest', position);
    const tampered = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    expect(() => decodeCursor('newest', tampered)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
