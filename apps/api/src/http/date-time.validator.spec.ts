import { validate } from 'class-validator';
import { DATE_TIME_MESSAGE, IsDateTime, parseDateTime } from './date-time.validator';

describe('parseDateTime', () => {
  it.each([
    ['2030-01-31T18:00:00Z', '2030-01-31T18:00:00.000Z'],
    ['2030-01-31T18:00:00.123Z', '2030-01-31T18:00:00.123Z'],
    ['2030-01-31T18:00:00.123456789Z', '2030-01-31T18:00:00.123Z'],
    ['2030-01-31T18:00Z', '2030-01-31T18:00:00.000Z'],
    ['2030-01-31T20:00:00+02:00', '2030-01-31T18:00:00.000Z'],
    ['2030-01-31T20:00:00+0200', '2030-01-31T18:00:00.000Z'],
    ['2030-01-31T13:00:00-05:00', '2030-01-31T18:00:00.000Z'],
    ['2030-01-31', '2030-01-31T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (value, instant) => {
    expect(parseDateTime(value)?.toISOString()).toBe(instant);
  });

  it.each([
    ['a week date', '2030-W01'],
    ['a week date with its day', '2030-W01-1'],
    ['the basic format', '20300101T000000Z'],
    ['an ordinal date', '2030-001'],
    ['a day the month does not have', '2030-02-30T00:00:00Z'],
    ['29 February of a common year', '2030-02-29'],
    ['month 13', '2030-13-01'],
    ['hour 24', '2030-01-01T24:00:00Z'],
    ['second 60', '2030-01-01T10:00:60Z'],
    ['an hour alone', '2030-01-01T10Z'],
    ['a comma fraction', '2030-01-01T10:00:00,5Z'],
    ['an offset of hours alone', '2030-01-01T10:00:00+02'],
    ['an offset beyond 23:59', '2030-01-01T10:00:00+24:00'],
    ['a space for the T', '2030-01-01 10:00'],
    ['a time without an offset', '2030-01-01T10:00:00'],
    ['hours and minutes without an offset', '2030-01-01T10:00'],
    ['a fraction without an offset', '2030-01-01T10:00:00.5'],
    ['a year alone', '2030'],
    ['a year and month', '2030-01'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['an instant before year 1', '0001-01-01T00:30:00+01:00'],
    ['an instant after 9999', '9999-12-31T23:30:00-01:00'],
    ['an expanded year', '+275760-09-13T00:00:00Z'],
    ['a negative year', '-000001-01-01T00:00:00Z'],
    ['five-digit year', '10000-01-01T00:00:00Z'],
    ['words', 'tomorrow'],
    ['an empty string', ''],
    ['a number', 1_900_000_000_000],
    ['null', null],
  ])('refuses %s (%p)', (_, value) => {
    expect(parseDateTime(value)).toBeNull();
  });
});

describe('IsDateTime', () => {
  class Body {
    @IsDateTime()
    until: unknown;
  }

  it('names the field and what it must be', async () => {
    const body = Object.assign(new Body(), { until: '2030-W01' });
    const [error] = await validate(body);
    expect(error.constraints).toEqual({ isDateTime: `until ${DATE_TIME_MESSAGE}` });
    expect(await validate(Object.assign(new Body(), { until: '2030-01-01T00:00:00Z' }))).toEqual(
      [],
    );
  });
});
