import { limitLiteral, rowsToFetch } from './limit-literal';

describe('limitLiteral', () => {
  it('writes the number into the text, with no parameter', () => {
    const sql = limitLiteral(21);
    expect(sql.text).toBe('LIMIT 21');
    expect(sql.values).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 10_001])('refuses %p', (rows) => {
    expect(() => limitLiteral(rows)).toThrow(RangeError);
  });
});

describe('rowsToFetch', () => {
  it('fetches exactly what the default page needs', () => {
    expect(rowsToFetch(21)).toBe(21);
  });

  it('rounds every page size (1–100, plus one) up to one of four sizes', () => {
    const sizes = new Set<number>();
    for (let limit = 1; limit <= 100; limit += 1) {
      const rows = rowsToFetch(limit + 1);
      expect(rows).toBeGreaterThanOrEqual(limit + 1);
      sizes.add(rows);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([11, 21, 51, 101]);
  });
});
