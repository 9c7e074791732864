import { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { poolConfig } from './pool-config';

/**
 * The one connection pool of the process, resolved once at start-up by DatabaseModule: Prisma
 * and SqlClient share it, so the embedded server's single connection is never exceeded.
 */
export class DatabaseConnection implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(
    readonly connectionString: string,
    readonly poolSize: number,
    /** Stops the embedded server, if this connection is to one. */
    private readonly stopServer: () => Promise<void> = async () => undefined,
  ) {
    this.pool = new Pool(poolConfig(connectionString, poolSize));
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
