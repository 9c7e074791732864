/**
 * Recognises errors from Prisma (with the pg adapter) and from pg itself by their codes, walking
 * the `cause`/`meta.driverAdapterError` chain, so callers never import Prisma's error classes.
 */

/** Prisma codes meaning "no usable connection": unreachable, timed out, closed, too many. */
const PRISMA_UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/**
 * P2028 covers every interactive-transaction failure. Two mean the database was too slow or
 * away, with nothing written and a retry safe: "could not start within maxWait" (no connection
 * came free in time) and an expired transaction (its time ran out while a statement waited on a
 * slow or reconnecting server, so Prisma rolled it back). The others (a query on a committed or
 * closed transaction) stay 500s: they are the caller's bugs.
 */
const TRANSACTION_START_TIMEOUT =
  /Unable to start a transaction in the given time|on an expired transaction/i;
/** PostgreSQL SQLSTATE classes 08 (connection) and 57P (shut down, cannot connect now), 57014 (statement timeout). */
const PG_UNAVAILABLE_CODE = /^(08|57P0[1-4]$|57014$|53300$)/;
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/**
 * adapter-pg's names for a lost or refused connection. It reports a socket error (ECONNRESET,
 * ETIMEDOUT, ECONNREFUSED) as `{ kind }` alone, dropping the socket's code, and the client engine
 * passes that on bare when it fails a COMMIT or ROLLBACK it runs itself. (`TooManyConnections`
 * also carries its SQLSTATE, 53300, as `originalCode`.)
 */
const ADAPTER_UNAVAILABLE_KINDS = new Set([
  'ConnectionClosed',
  'SocketTimeout',
  'DatabaseNotReachable',
  'TooManyConnections',
]);
/** pg raises these as plain Errors without a code, and adapter-pg passes them through as they are. */
const PG_UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly|Can't reach database server|Server has closed the connection/i;

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
  originalCode?: unknown;
  errors?: unknown;
}

/**
 * True when the error means the database is down, unreachable or has no connection free in time
 * (pool timeout P2024, transaction start timeout P2028): answer 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  return someInChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    const original = typeof e.originalCode === 'string' ? e.originalCode : undefined;
    if (code && (PRISMA_UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (typeof e.kind === 'string' && ADAPTER_UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (
      code === 'P2028' &&
      typeof e.message === 'string' &&
      TRANSACTION_START_TIMEOUT.test(e.message)
    )
      return true;
    if (code && /^[0-9A-Z]{5}$/.test(code) && PG_UNAVAILABLE_CODE.test(code)) return true;
    if (original && PG_UNAVAILABLE_CODE.test(original)) return true;
    return typeof e.message === 'string' && PG_UNAVAILABLE_MESSAGE.test(e.message);
  });
}

/** True for a unique-constraint violation: Prisma P2002, or SQLSTATE 23505 from raw queries. */
export function isUniqueViolation(error: unknown): boolean {
  return someInChain(
    error,
    (e) => e.code === 'P2002' || e.code === '23505' || e.originalCode === '23505',
  );
}

/**
 * True when PostgreSQL aborted the transaction to break a deadlock (40P01) or a serialization
 * conflict (40001), or Prisma reports the same (P2034): nothing of it was written, and running
 * it again is safe.
 */
export function isTransactionConflict(error: unknown): boolean {
  const CONFLICT = /^(40P01|40001)$/;
  return someInChain(
    error,
    (e) =>
      e.code === 'P2034' ||
      (typeof e.code === 'string' && CONFLICT.test(e.code)) ||
      (typeof e.originalCode === 'string' && CONFLICT.test(e.originalCode)),
  );
}

/**
 * True when PostgreSQL refused a value itself (SQLSTATE class 22, "data exception": U+0000 in
 * text 22021, a number out of range 22003, a bad date/time 22007/22008, …), bare from pg or
 * wrapped by Prisma. Such a value came from the request, so it is the client's 400, never a 500:
 * the backstop behind the edge's own checks (libs/text, the cursors' ranges).
 */
export function isDataException(error: unknown): boolean {
  const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
  return someInChain(
    error,
    (e) =>
      (typeof e.code === 'string' && DATA_EXCEPTION.test(e.code)) ||
      (typeof e.originalCode === 'string' && DATA_EXCEPTION.test(e.originalCode)),
  );
}

/**
 * True when PostgreSQL raised this SQLSTATE, bare from pg or wrapped by Prisma: for the codes of
 * Parley's own functions (see the migrations), which callers turn into their domain's answer.
 */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  return someInChain(error, (e) => e.code === sqlState || e.originalCode === sqlState);
}

function someInChain(error: unknown, test: (e: ErrorLike) => boolean, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const e = error as ErrorLike;
  if (test(e)) return true;
  const nested = [
    e.cause,
    e.meta?.driverAdapterError,
    ...(Array.isArray(e.errors) ? e.errors : []),
  ];
  return nested.some((inner) => someInChain(inner, test, depth + 1));
}
