import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DatabaseConnection } from './database-connection';
import type { Prisma } from './generated/client';

/**
 * Plain SQL on the shared pool for the hottest reads (the signed-in user of every request, a
 * thread's page). Prisma's client costs ~1 ms of CPU per query even for `$queryRaw`, node-postgres
 * ~0.2 ms, and the service is CPU-bound. It runs outside transactions only: inside one, every
 * query must go through the transaction's client.
 *
 * Row types are node-postgres's: int4 → number, int8/numeric → string, timestamptz → Date.
 */
@Injectable()
export class SqlClient {
  constructor(private readonly connection: DatabaseConnection) {}

  async query<T>(statement: Prisma.Sql): Promise<T[]> {
    const result = await this.connection.pool.query(statement.text, statement.values as unknown[]);
    return result.rows as T[];
  }

  /**
   * Runs `work` while holding a session advisory lock on a dedicated connection (not the pool's,
   * so that `work` may use the pool, even the embedded server's single connection); resolves
   * null without running it when another session holds the lock. Note: on the embedded server
   * (one PGlite session) the lock never excludes anything.
   */
  async withSessionAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T | null> {
    const lock = new Client({
      connectionString: this.connection.connectionString,
      connectionTimeoutMillis: 3_000,
    });
    lock.on('error', () => undefined);
    await lock.connect();
    try {
      const [{ locked }] = (
        await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key])
      ).rows;
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      }
    } finally {
      await lock.end().catch(() => undefined);
    }
  }
}
