import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool, PoolClient } from 'pg';

type Query = { sql: string };
interface PgTransactionInternals {
  client: PoolClient;
  cleanup?: () => void;
  executeRaw(query: Query): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
type StartTransaction = (isolationLevel?: unknown) => Promise<PgTransactionInternals>;

/**
 * `PrismaPg` on our pool, mended for Prisma 6.19's client engine: it ends a transaction by
 * running `COMMIT` (or `ROLLBACK`) and only then calls the adapter's `commit()`, which returns the
 * connection to the pool. When that statement fails (a serialization failure raised at commit, a
 * connection lost mid-commit during a database restart), the engine marks the transaction closed
 * without ever calling `commit()`: the connection stays checked out for good, and a few such
 * failures exhaust the pool until the process restarts. Here a failed `COMMIT`/`ROLLBACK` hands
 * its connection back at once (destroyed: its state is unknown), and the late commit()/rollback()
 * do nothing. Shown by test/database/transaction-retries.e2e-spec.ts and postgres-faults.
 */
export class MendedPrismaPg extends PrismaPg {
  constructor(pool: Pool) {
    super(pool);
  }

  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    const target = adapter as unknown as { startTransaction: StartTransaction };
    const start = target.startTransaction.bind(adapter);
    target.startTransaction = async (isolationLevel) => mend(await start(isolationLevel));
    return adapter;
  }
}

function mend(tx: PgTransactionInternals): PgTransactionInternals {
  const executeRaw = tx.executeRaw.bind(tx);
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  let released = false;
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!released && (query.sql === 'COMMIT' || query.sql === 'ROLLBACK')) {
        released = true;
        tx.cleanup?.();
        tx.client.release(error instanceof Error ? error : new Error(String(error)));
      }
      throw error;
    }
  };
  tx.commit = async () => {
    if (!released) await commit();
  };
  tx.rollback = async () => {
    if (!released) await rollback();
  };
  return tx;
}
