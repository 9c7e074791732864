import { compareIds, isCounterId, isEventId, START_ID } from './event-ids';

describe('event ids', () => {
  it('accepts counter ids and stream ids, nothing else', () => {
    expect(isEventId('0')).toBe(true);
    expect(isEventId('42')).toBe(true);
    expect(isEventId('1701234567890-3')).toBe(true);
    expect(isEventId('9223372036854775807')).toBe(true);
    expect(isEventId('9223372036854775808')).toBe(false);
    for (const bad of ['', '-1', '1-', 'a', '1-2-3', ' 1', '1 ', '1'.repeat(20), '1\u0000'])
      expect(isEventId(bad)).toBe(false);
  });

  it('tells counter ids from stream ids', () => {
    expect(isCounterId('42')).toBe(true);
    expect(isCounterId('42-1')).toBe(false);
  });

  it('orders counter ids numerically, not as text', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('10', '10')).toBe(0);
  });

  it('orders stream ids by time, then by sequence within the millisecond', () => {
    expect(compareIds('1701234567890-9', '1701234567890-10')).toBeLessThan(0);
    expect(compareIds('1701234567891-0', '1701234567890-99')).toBeGreaterThan(0);
    expect(compareIds('1701234567890', '1701234567890-0')).toBe(0);
  });

  it('puts the start before every event', () => {
    expect(compareIds(START_ID, '1')).toBeLessThan(0);
    expect(compareIds(START_ID, '0-1')).toBeLessThan(0);
    expect(compareIds(START_ID, '0-0')).toBe(0);
  });

  it('refuses to compare what is not an id', () => {
    expect(() => compareIds('x', '1')).toThrow();
  });
});
