import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Plain decimal digits, nothing else: no sign, space, exponent, fraction or hex prefix. */
const DECIMAL_DIGITS = /^[0-9]+$/;

/** The number a query parameter's text spells in decimal digits only; anything else is kept as is (and refused). */
export function decimalDigitsToNumber(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value;
}

/**
 * An integer query parameter from `min` to `max`, written in plain decimal digits (`Number()`
 * alone would also take `0x10`, `1e1`, `+5` and ` 5`), refused with one message whatever is wrong
 * with it. The one rule for every integer in a query string.
 */
export function IsDecimalInteger(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => decimalDigitsToNumber(value)),
    ValidateBy({
      name: 'isDecimalInteger',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a whole number from ${min} to ${max}, in decimal digits`,
      },
    }),
  );
}
