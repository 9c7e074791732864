import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DatabaseConnection } from './database-connection';
import { isTransactionConflict } from './database-errors';
import { Prisma, PrismaClient } from './generated/client';
import { MendedPrismaPg } from './prisma-pg-adapter';
import { STATEMENT_TIMEOUT_MS } from './pool-config';

const READY_TIMEOUT_MS = 2_000;
// A transaction aborted by a deadlock or a serialization failure runs again at most this often
// before its error reaches the caller, after a short random pause that lets the other one finish.
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_PAUSE_MS = 20;

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly pooled: boolean;

  constructor(connection: DatabaseConnection) {
    super({ adapter: new MendedPrismaPg(connection.pool) });
    this.pooled = connection.pooled;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
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

  /** Readiness probe: does the database answer `SELECT 1` within the timeout? Never throws. */
  async isReady(timeoutMs: number = READY_TIMEOUT_MS): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timedOut]);
    } finally {
      clearTimeout(timer);
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
