import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The one rule for a date-time in a request body (closesAt, until…): an ISO-8601 calendar date,
 * optionally with a time (`T`, hours and minutes, optional seconds and fraction) and then an
 * offset (`Z`, `±HH:MM` or `±HHMM`), which JavaScript's Date reads as the same instant and which
 * PostgreSQL's timestamptz stores and gives back. A date alone is midnight UTC. A time without an
 * offset is refused: Date would read it in the server's own time zone, so instances in different
 * zones would store different instants for one request (RFC 3339, the OpenAPI `date-time`,
 * requires the offset too).
 *
 * class-validator's isISO8601 alone is not enough: it also passes forms that Date cannot read
 * (week dates `2030-W01`, the basic format `20300101T000000Z`: Invalid Date, then a 500 from
 * Prisma) or reads as another day (`2030-02-30` becomes 2 March). So the written fields are
 * checked against the calendar, and the instant must lie in years 0001–9999: JavaScript writes
 * year 0 and earlier, or after 9999, in forms PostgreSQL refuses (as the cursors' bounds do).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export const DATE_TIME_MESSAGE =
  'must be an ISO-8601 date-time with its offset (Z or ±HH:MM), or a date (midnight UTC), in years 0001–9999, e.g. 2030-01-31T18:00:00Z';

/** The instant `value` names, or null when it is not a date-time this service accepts. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] =
    match.slice(1).map((field) => (field === undefined ? undefined : Number(field)));
  if (!isCalendarDay(year!, month!, day!)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59)
    return null;
  const instant = new Date(value);
  const time = instant.getTime();
  return Number.isNaN(time) || time < EARLIEST || time > LATEST ? null : instant;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0); // day 0 of the next month: the month's last day
  return day <= probe.getUTCDate();
}

/** Validates a body field with parseDateTime (400 validation_failed, DATE_TIME_MESSAGE). */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => parseDateTime(value) !== null,
        defaultMessage: () => `$property ${DATE_TIME_MESSAGE}`,
      },
    },
    options,
  );
}
