/**
 * Event ids are given per article, in the order the events were stored (the history's own
 * order: a PostgreSQL counter row taken under its lock, or a Redis stream entry id). They are
 * `<n>` (PostgreSQL) or `<ms>-<n>` (Redis streams); both compare as a pair of integers.
 */
const ID_RULE = /^(\d{1,19})(?:-(\d{1,19}))?$/;

/** The longest Last-Event-ID taken: two 19-digit numbers and a dash. */
export const EVENT_ID_MAX = 39;

/** The position before every event of an article, in either form. */
export const START_ID = '0';

const MAX_PART = 2n ** 63n - 1n;

/** An id of either form whose numbers fit PostgreSQL's bigint and Redis's 64 bits. */
export function isEventId(value: string): boolean {
  if (value.length > EVENT_ID_MAX || !ID_RULE.test(value)) return false;
  const [a, b] = parts(value);
  return a <= MAX_PART && b <= MAX_PART;
}

/** A counter id (PostgreSQL mode). */
export function isCounterId(value: string): boolean {
  return isEventId(value) && !value.includes('-');
}

/** Negative when `a` comes before `b`, 0 when they are the same position, positive after. */
export function compareIds(a: string, b: string): number {
  const [a1, a2] = parts(a);
  const [b1, b2] = parts(b);
  if (a1 !== b1) return a1 < b1 ? -1 : 1;
  if (a2 !== b2) return a2 < b2 ? -1 : 1;
  return 0;
}

function parts(id: string): [bigint, bigint] {
  const match = ID_RULE.exec(id);
  if (!match) throw new Error(`Not an event id: ${id.slice(0, EVENT_ID_MAX)}`);
  return [BigInt(match[1]), BigInt(match[2] ?? '0')];
}
