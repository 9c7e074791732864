export { DatabaseModule } from './database.module';
export { DatabaseHealth } from './database-health';
export { PrismaService } from './prisma.service';
export { MendedPrismaPg } from './prisma-pg-adapter';
export { SqlClient } from './sql-client.service';
export { ReadRouting } from './replicas/read-routing.service';
export { TransactionRunner } from './transaction-runner';
export type { Tx } from './transaction-runner';
export type { TransactionOptions } from './prisma.service';
export { RetentionJob } from './retention/retention-job.service';
export type { RetentionReport } from './retention/retention-job.service';
export {
  daysBefore,
  PURGE_BATCH_SIZE,
  purgeInBatches,
  RETENTION_STEPS,
} from './retention/retention-step';
export type { RetentionStep } from './retention/retention-step';
export type { DatabaseOptions } from './resolve-connection';
export { migrateConfiguredDatabase } from './resolve-connection';
export { runMigrations } from './migrations/migration-runner';
export type { MigrationLogger, MigrationOptions } from './migrations/migration-runner';
export { MigrationError } from './migrations/migration.error';
export { startEmbeddedPostgres } from './embedded/embedded-postgres';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './embedded/embedded-postgres';
export { DataDirLockedError } from './embedded/data-dir-locked.error';
export {
  hasSqlState,
  isDataException,
  isDatabaseUnavailableError,
  isTransactionConflict,
  isUniqueViolation,
} from './database-errors';
// The generated client's enums, Prisma namespace and model types; never PrismaClient itself.
export * from './generated/enums';
export { Prisma } from './generated/client';
export type * from './generated/client';
export { limitLiteral, rowsToFetch } from './limit-literal';
export { KeyedBatches } from './keyed-batches';
