import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decimalDigitsToNumber, IsDecimalInteger } from './decimal-integer.decorator';

class Query {
  @IsDecimalInteger(1, 100)
  limit!: unknown;
}

const problems = (limit: unknown) =>
  validateSync(plainToInstance(Query, { limit })).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

describe(IsDecimalInteger.name, () => {
  it('reads plain decimal digits only', () => {
    expect(decimalDigitsToNumber('42')).toBe(42);
    expect(decimalDigitsToNumber('007')).toBe(7);
    for (const text of ['0x10', '1e1', '+5', ' 5', '5 ', '-1', '1.0', '', '٣', '１'])
      expect(decimalDigitsToNumber(text)).toBe(text);
    expect(decimalDigitsToNumber(['5'])).toEqual(['5']);
  });

  it('takes min to max, and refuses anything else with one message', () => {
    expect(problems('1')).toEqual([]);
    expect(problems('100')).toEqual([]);
    const one = ['limit must be a whole number from 1 to 100, in decimal digits'];
    for (const limit of ['0', '101', 'abc', '0x10', '1e1', '+5', ' 5', '9'.repeat(400), ['5']])
      expect(problems(limit)).toEqual(one);
  });
});
