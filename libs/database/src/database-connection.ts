import { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { poolConfig } from './pool-config';

export interface DatabaseConnectionOptions {
  /** Where queries go: PostgreSQL itself, or a transaction-mode pooler when `directUrl` is set. */
  url: string;
  poolSize: number;
  /**
   * PostgreSQL itself, when `url` is a pooler in transaction mode (PgBouncer): what needs a
   * session (migrations, advisory locks, LISTEN) connects here, and the pool sends no startup
   * parameters and no named prepared statements, which such a pooler refuses or loses.
   */
  directUrl?: string;
  /** Stops the embedded server, if this connection is to one. */
  stopServer?: () => Promise<void>;
}

/**
 * The one connection pool of the process, resolved once at start-up by DatabaseModule: Prisma
 * and SqlClient share it, so the embedded server's single connection is never exceeded.
 */
export class DatabaseConnection implements OnApplicationShutdown {
  readonly pool: Pool;
  readonly connectionString: string;
  readonly poolSize: number;
  /** Session work (advisory locks, LISTEN) connects here: the server itself, never a pooler. */
  readonly directConnectionString: string;
  /** True behind a transaction-mode pooler: no session state survives a transaction. */
  readonly pooled: boolean;
  /** True on the embedded server (one process, one PGlite session): no cross-instance work. */
  readonly embedded: boolean;
  private readonly stopServer: () => Promise<void>;

  constructor(options: DatabaseConnectionOptions) {
    this.connectionString = options.url;
    this.poolSize = options.poolSize;
    this.directConnectionString = options.directUrl ?? options.url;
    this.pooled = options.directUrl !== undefined;
    this.embedded = options.stopServer !== undefined;
    this.stopServer = options.stopServer ?? (async () => undefined);
    this.pool = new Pool(poolConfig(options.url, options.poolSize, this.pooled));
    // An idle connection dropped by the server (a restart, an outage) must not crash the process;
    // the next query opens a fresh one.
    this.pool.on('error', () => undefined);
  }

  /** Nest runs this after every onModuleDestroy, so after PrismaService has disconnected. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    await this.stopServer();
  }
}
