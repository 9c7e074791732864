/**
 * One kind of row that outlives its purpose (expired refresh tokens, old idempotency keys, ...).
 * The lib that owns the table implements it; the application lists the steps under
 * RETENTION_STEPS and RetentionJob runs them in that order. A step must be idempotent and should
 * delete in batches (purgeInBatches, given `signal`), so that a large backlog never holds long
 * locks, never takes a large share of the database, and stops when the service shuts down.
 */
export interface RetentionStep {
  /** Names the step in logs and in the job's report, e.g. `refresh_tokens`. */
  readonly retentionName: string;
  /**
   * Deletes what is past its retention period at `now`; returns how many rows went. `signal`
   * aborts at shutdown: the step returns what it purged so far (the next round goes on).
   */
  purgeExpired(now: Date, signal?: AbortSignal): Promise<number>;
}

/** Injection token for the ordered array of retention steps; the application composes it. */
export const RETENTION_STEPS = Symbol('RETENTION_STEPS');

const DAY_MS = 86_400_000;

/** The cutoff of a period counted in days back from `now`. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Rows one DELETE removes at most: short statements, short row locks. */
export const PURGE_BATCH_SIZE = 1_000;

/**
 * After each full batch, a purge pauses this many times as long as the batch took: a backlog
 * (a round in a soak met 260,000 expired body claims and live events) is then deleted at about
 * a quarter of one connection instead of all of the database's CPU and disk for seconds, which
 * put every request's p99 at 300 ms while it ran.
 */
export const PURGE_PAUSE_FACTOR = 3;

/**
 * Runs `deleteBatch(limit)` until it deletes fewer than `limit` rows or `signal` aborts; returns
 * the total. Each batch is its own statement (and transaction), so concurrent writers wait at
 * most one batch, and batches are paced (PURGE_PAUSE_FACTOR).
 */
export async function purgeInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  signal?: AbortSignal,
  limit = PURGE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (;;) {
    const started = performance.now();
    const deleted = await deleteBatch(limit);
    total += deleted;
    if (deleted < limit || signal?.aborted) return total;
    await pause((performance.now() - started) * PURGE_PAUSE_FACTOR, signal);
    if (signal?.aborted) return total;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
