/**
 * One kind of row that outlives its purpose (expired refresh tokens, old idempotency keys, ...).
 * The lib that owns the table implements it; the application lists the steps under
 * RETENTION_STEPS and RetentionJob runs them in that order. A step must be idempotent and should
 * delete in batches (purgeInBatches), so that a large backlog never holds long locks.
 */
export interface RetentionStep {
  /** Names the step in logs and in the job's report, e.g. `refresh_tokens`. */
  readonly retentionName: string;
  /** Deletes what is past its retention period at `now`; returns how many rows went. */
  purgeExpired(now: Date): Promise<number>;
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
 * Runs `deleteBatch(limit)` until it deletes fewer than `limit` rows; returns the total. Each
 * batch is its own statement (and transaction), so concurrent writers wait at most one batch.
 */
export async function purgeInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  limit = PURGE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(limit);
    total += deleted;
    if (deleted < limit) return total;
  }
}
