import { uniqueIds } from './bulk-decisions.service';

describe(uniqueIds.name, () => {
  const a = '0b7e4a52-64d4-4c1c-9a58-2f4f0c1b2a3d';
  const b = '1c8f5b63-75e5-4d2d-8b69-3a5a1d2c3b4e';

  it('keeps the first order and takes each id once, whatever its case', () => {
    expect(uniqueIds([b, a, b.toUpperCase(), a])).toEqual([b, a]);
  });

  it('keeps a list without repeats as it is', () => {
    expect(uniqueIds([a, b])).toEqual([a, b]);
  });
});
