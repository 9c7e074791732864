import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { ConfigValues } from '@parley/config';
import { DatabaseConnection } from './database-connection';
import { startEmbeddedPostgres } from './embedded/embedded-postgres';
import { runMigrations } from './migrations/migration-runner';

export interface DatabaseOptions {
  /** Use this server instead of DATABASE_URL or the embedded one (tests). */
  connectionString?: string;
  /** Pool size for `connectionString`; defaults to DATABASE_POOL_SIZE. */
  poolSize?: number;
  /** The server itself when `connectionString` is a transaction-mode pooler (tests). */
  directConnectionString?: string;
}

type DatabaseConfig = Pick<
  ConfigValues,
  'DATABASE_URL' | 'DATABASE_DIRECT_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR' | 'MIGRATE_ON_START'
>;

const logger = new Logger('Database');

/**
 * Picks the server (explicit option, DATABASE_URL, else the embedded one under DATA_DIR), brings
 * its schema up to date and says how many connections to open.
 */
export async function resolveConnection(
  config: DatabaseConfig,
  options: DatabaseOptions = {},
): Promise<DatabaseConnection> {
  const external = options.connectionString ?? config.DATABASE_URL;
  if (external) {
    const direct = options.connectionString
      ? options.directConnectionString
      : config.DATABASE_DIRECT_URL;
    // Migrations hold a session advisory lock for the whole run: on the server itself.
    if (config.MIGRATE_ON_START) await runMigrations(direct ?? external, { logger });
    return new DatabaseConnection({
      url: external,
      poolSize: options.poolSize ?? config.DATABASE_POOL_SIZE,
      directUrl: direct,
    });
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  // The socket folder is owner-only and no credential exists: nothing secret in this line.
  logger.log(
    `Embedded PostgreSQL (data in ${path.join(config.DATA_DIR, 'pg')}) on the unix socket in ${embedded.socketDir}`,
  );
  try {
    await runMigrations(embedded.connectionString, { logger });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  // One connection: PGlite is a single session, so a second connection would wait behind any
  // open transaction and interleave extended-protocol messages (see embedded-isolation spec).
  return new DatabaseConnection({
    url: embedded.connectionString,
    poolSize: 1,
    stopServer: embedded.stop,
  });
}

/** `npm run db:migrate`: migrates DATABASE_URL, or the embedded database under DATA_DIR, then stops. */
export async function migrateConfiguredDatabase(config: DatabaseConfig): Promise<string[]> {
  if (config.DATABASE_URL)
    return runMigrations(config.DATABASE_DIRECT_URL ?? config.DATABASE_URL, { logger });
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  try {
    return await runMigrations(embedded.connectionString, { logger });
  } finally {
    await embedded.stop();
  }
}
