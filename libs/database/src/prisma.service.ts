import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DatabaseConnection } from './database-connection';
import { isTransactionConflict } from './database-errors';
import { Prisma, PrismaClient } from './generated/client';
import { MendedPrismaPg } from './prisma-pg-adapter';
import { STATEMENT_TIMEOUT_MS } from './pool-config';

// A transaction aborted by a deadlock or a serialization failure runs again at most this often
// before its error reaches the caller, after a short random pause that lets the other one finish.
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_PAUSE_MS = 20;

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/**
 * Prisma's client on the shared pool, for what is not on a hot path (see README, Where queries
 * live). It is not connected at start-up: connecting compiles Prisma's WASM query compiler, about
 * 30 MB resident, so the engine starts with the first Prisma query instead, and an instance whose
 * traffic never needs one (reading, posting, likes, webhooks) never pays for it.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  private readonly pooled: boolean;

  constructor(connection: DatabaseConnection) {
    super({ adapter: new MendedPrismaPg(connection.pool) });
    this.pooled = connection.pooled;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }

  /**
   * The one way to run an interactive transaction. PostgreSQL aborts a transaction whole on a
   * deadlock (40P01) or a serialization failure (40001), so nothing of it was written and it runs
   * again; `work` must therefore touch only the database (no side effects, nothing kept from a
   * failed attempt). Any other error, and the last conflict, reach the caller.
   */
  async transaction<T>(
    work: (tx: Prisma.TransactionClient) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.$transaction(
          this.pooled ? (tx) => withStatementTimeout(tx, work) : work,
          options,
        );
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.random() * CONFLICT_PAUSE_MS * attempt),
        );
      }
    }
  }
}

/** Behind a transaction-mode pooler the timeout is per transaction (no startup parameters there). */
async function withStatementTimeout<T>(
  tx: Prisma.TransactionClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
  return work(tx);
}
