import { Injectable } from '@nestjs/common';
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
}
