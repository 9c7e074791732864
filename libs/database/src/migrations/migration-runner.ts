import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MigrationFile, readMigrationFiles } from './migration-file';
import { MigrationError } from './migration.error';
import { findMigrationsFolder } from './migrations-folder';

export interface MigrationLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface MigrationOptions {
  logger?: MigrationLogger;
  /** Defaults to the repository's prisma/migrations. */
  migrationsFolder?: string;
}

/** Any constant shared by every Parley instance; it keys the advisory lock that serialises runs. */
const MIGRATION_LOCK_KEY = 72_617_126_001;

/** The table `prisma migrate deploy` creates, so `prisma migrate status` reads our history too. */
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

const silentLogger: MigrationLogger = { log: () => undefined, warn: () => undefined };

/**
 * Applies the pending migrations, each in its own transaction, and returns their names.
 * A session advisory lock, held on a dedicated connection for the whole run, makes a second
 * instance starting at the same moment wait and then find nothing pending.
 */
export async function runMigrations(
  connectionString: string,
  options: MigrationOptions = {},
): Promise<string[]> {
  const logger = options.logger ?? silentLogger;
  const files = readMigrationFiles(options.migrationsFolder ?? findMigrationsFolder());
  const lock = new Client({ connectionString });
  const client = new Client({ connectionString });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.connect();
    await client.query(CREATE_HISTORY_TABLE);
    return await applyPending(client, files, logger);
  } finally {
    await client.end().catch(() => undefined);
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

async function applyPending(
  client: Client,
  files: MigrationFile[],
  logger: MigrationLogger,
): Promise<string[]> {
  const applied = await readHistory(client);
  checkHistory(applied, files, logger);
  const done = new Set(applied.keys());
  const appliedNow: string[] = [];
  for (const file of files.filter((f) => !done.has(f.name))) {
    if (await applyOne(client, file)) {
      logger.log(`Applied migration ${file.name}`);
      appliedNow.push(file.name);
    }
  }
  if (appliedNow.length === 0) logger.log('Database schema is up to date');
  return appliedNow;
}

async function readHistory(client: Client): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function checkHistory(
  applied: Map<string, AppliedRow>,
  files: MigrationFile[],
  logger: MigrationLogger,
): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied.values()) {
    const file = byName.get(row.migration_name);
    if (!row.finished_at) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished; fix the database by hand, then run ` +
          `\`prisma migrate resolve\` before starting Parley again`,
      );
    }
    if (!file) {
      logger.warn(
        `Migration ${row.migration_name} is applied in the database but missing here (newer release?)`,
      );
    } else if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was edited after it was applied (checksum differs); ` +
          'restore the original file and put the change in a new migration',
      );
    }
  }
}

/**
 * Applies one migration in a transaction. The in-transaction re-check matters on the embedded
 * server: PGlite is a single session, so the advisory lock is re-entrant there and cannot keep two
 * runners of one process apart, but its transactions are serialised.
 */
async function applyOne(client: Client, file: MigrationFile): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL',
      [file.name],
    );
    if (rowCount) {
      await client.query('ROLLBACK');
      return false;
    }
    const startedAt = new Date();
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), file.checksum, file.name, startedAt],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
