/** The longest failure text kept for a message (its delivery log) and logged. */
export const FAILURE_REASON_MAX = 300;

/**
 * A delivery failure as the logs and the delivery log show it: one line, bounded. Multi-line
 * messages (Prisma's "Invalid … invocation" errors) quote the query's arguments, which may hold
 * a comment's text or an address, in their middle lines; their last line says what went wrong.
 */
export function failureReason(error: Error): string {
  const lines = (error.message || '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const line = lines.length > 1 ? lines[lines.length - 1] : (lines[0] ?? error.name);
  return line.slice(0, FAILURE_REASON_MAX);
}
