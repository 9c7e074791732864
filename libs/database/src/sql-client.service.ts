import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Client, Pool, PoolClient } from 'pg';
import { DatabaseConnection } from './database-connection';
import type { Prisma } from './generated/client';
import { ReadRouting } from './replicas/read-routing.service';

/**
 * Plain SQL on the shared pool for the hottest reads (the signed-in user of every request, a
 * thread's page). Prisma's client costs ~1 ms of CPU per query even for `$queryRaw`, node-postgres
 * ~0.2 ms, and the service is CPU-bound. It runs outside transactions only: inside one, every
 * query must go through the transaction's client.
 *
 * Row types are node-postgres's: int4 → number, int8/numeric → string, timestamptz → Date.
 */
/** Statement shapes whose digests are kept (see shaped()). */
const MAX_SHAPES = 1_000;

@Injectable()
export class SqlClient {
  private readonly namePrefix = randomBytes(4).toString('hex');
  private readonly connectionIds = new WeakMap<PoolClient, number>();
  private connectionCount = 0;
  private readonly digests = new Map<string, string>();

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly routing: ReadRouting,
  ) {}

  async query<T>(statement: Prisma.Sql): Promise<T[]> {
    const result = await this.connection.pool.query(statement.text, statement.values as unknown[]);
    return result.rows as T[];
  }

  /** A statement run for its effect (a DELETE, an UPDATE): how many rows it touched. */
  async execute(statement: Prisma.Sql): Promise<number> {
    const result = await this.connection.pool.query(statement.text, statement.values as unknown[]);
    return result.rowCount ?? 0;
  }

  /**
   * A read that a replica may serve (DATABASE_REPLICA_URLS): ReadRouting decides, for the
   * request at hand, between a healthy replica and the primary (see README, Read replicas). A
   * read that fails on the replica runs again on the primary, so the caller never sees a
   * replica's failure. Only for reads that tolerate a replica's lag for other users' changes.
   */
  async queryRead<T>(statement: Prisma.Sql): Promise<T[]> {
    const replica = await this.routing.replicaFor();
    if (!replica) return this.query<T>(statement);
    try {
      const result = await replica.pool.query(statement.text, statement.values as unknown[]);
      return result.rows as T[];
    } catch (error) {
      this.routing.replicaFailed(replica, error);
      return this.query<T>(statement);
    }
  }

  /**
   * The same, as a named statement that each connection parses and plans once (PostgreSQL then
   * reuses its plan): for the statements every request runs, where planning costs as much as
   * executing. Names are made unique per connection (a random prefix per process, a number per
   * connection): the embedded server's connections share one PGlite session, where a name
   * prepared by one connection would collide with the next connection's.
   */
  queryPrepared<T>(name: string, statement: Prisma.Sql): Promise<T[]> {
    // Prisma.Sql rebuilds .text at every access: read it once per statement.
    const text = statement.text;
    return this.prepared<T>(
      this.connection.pool,
      this.connection.pooled,
      this.shaped(name, text),
      text,
      statement.values,
    );
  }

  /** A replica-safe read (as queryRead) as a named statement (as queryPrepared). */
  async queryReadPrepared<T>(name: string, statement: Prisma.Sql): Promise<T[]> {
    const text = statement.text;
    const shaped = this.shaped(name, text);
    const onPrimary = (): Promise<T[]> =>
      this.prepared<T>(
        this.connection.pool,
        this.connection.pooled,
        shaped,
        text,
        statement.values,
      );
    const replica = await this.routing.replicaFor();
    if (!replica) return onPrimary();
    try {
      return await this.prepared<T>(replica.pool, replica.pooled, shaped, text, statement.values);
    } catch (error) {
      this.routing.replicaFailed(replica, error);
      return onPrimary();
    }
  }

  /**
   * The statement's name with a digest of its text, so that a statement built in several shapes
   * (sorts, cursors, viewers, optional parts) prepares each shape under a name of its own. The
   * digests of the shapes seen are kept (a few dozen; bounded all the same).
   */
  private shaped(name: string, text: string): string {
    let digest = this.digests.get(text);
    if (digest === undefined) {
      if (this.digests.size >= MAX_SHAPES) this.digests.clear();
      digest = createHash('sha1').update(text).digest('hex').slice(0, 12);
      this.digests.set(text, digest);
    }
    return `${name}_${digest}`;
  }

  private async prepared<T>(
    pool: Pool,
    pooled: boolean,
    name: string,
    text: string,
    values: readonly unknown[],
  ): Promise<T[]> {
    // A transaction-mode pooler hands each statement to any server connection, where a name
    // prepared on another one does not exist (PgBouncer before 1.21 cannot track them).
    if (pooled) {
      const result = await pool.query(text, values as unknown[]);
      return result.rows as T[];
    }
    const client = await pool.connect();
    let failure: Error | undefined;
    // A checked-out client has no error listener of the pool's: a connection lost mid-query (a
    // PostgreSQL restart) would otherwise be an unhandled 'error' event. pool.query does the same.
    const onError = (error: Error): void => {
      failure = error;
    };
    client.on('error', onError);
    try {
      let id = this.connectionIds.get(client);
      if (id === undefined) this.connectionIds.set(client, (id = ++this.connectionCount));
      const result = await client.query({
        name: `${name}_${this.namePrefix}_${id}`,
        text,
        values: values as unknown[],
      });
      return result.rows as T[];
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      client.off('error', onError);
      // As pool.query does: a connection that failed a query is not reused.
      client.release(failure);
    }
  }

  /**
   * Runs `work` while holding a session advisory lock on a dedicated connection (not the pool's,
   * so that `work` may use the pool, even the embedded server's single connection); resolves
   * null without running it when another session holds the lock. Note: on the embedded server
   * (one PGlite session) the lock never excludes anything.
   */
  async withSessionAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T | null> {
    const lock = new Client({
      connectionString: this.connection.directConnectionString,
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

  /** True on the embedded server, which only ever serves this one process. */
  get embedded(): boolean {
    return this.connection.embedded;
  }

  /**
   * LISTENs on `channel` over a dedicated session connection (the server itself, never a
   * pooler) and calls `onNotify` with each payload. A lost connection is opened again (after a
   * second, then until it succeeds); `onReconnect` then runs, since notifications sent while it
   * was away are lost. Resolves once listening; `close()` stops for good.
   */
  async listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<{ close: () => Promise<void> }> {
    let closed = false;
    let client: Client | null = null;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      const next = new Client({
        connectionString: this.connection.directConnectionString,
        connectionTimeoutMillis: 3_000,
      });
      next.on('error', () => undefined);
      try {
        await next.connect();
        await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      } catch (error) {
        await next.end().catch(() => undefined);
        throw error;
      }
      next.on('notification', (message) => onNotify(message.payload ?? ''));
      const lost = (): void => {
        if (client !== next) return;
        client = null;
        next.end().catch(() => undefined);
        if (!closed) retry = setTimeout(reconnect, 1_000);
      };
      next.on('error', lost);
      next.on('end', lost);
      client = next;
    };
    const reconnect = (): void => {
      if (closed) return;
      connect().then(onReconnect, () => {
        if (!closed) retry = setTimeout(reconnect, 1_000);
      });
    };
    await connect();
    return {
      close: async () => {
        closed = true;
        clearTimeout(retry);
        const open = client;
        client = null;
        await open?.end().catch(() => undefined);
      },
    };
  }
}
