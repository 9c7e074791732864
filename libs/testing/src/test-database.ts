import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@parley/database';
import { TEST_ENV } from './test-database-env';
import { assertTestDatabaseName, databaseUrl, dropDatabase } from './test-database-names';

/** A streaming replica of the test server (`eval "$(bash scripts/replica-for-tests.sh)"`). */
const REPLICA_ENV = 'TEST_DATABASE_REPLICA_URL';

/** This jest worker's own migrated database (set up by the global setup). */
export function testDatabaseUrl(): string {
  const url = process.env[TEST_ENV.url];
  if (!url)
    throw new Error(
      `${TEST_ENV.url} is not set: run the specs through jest (jest.config.js global setup)`,
    );
  return url;
}

/** The worker's database on the server itself when the suite runs through a pooler; else undefined. */
export function testDatabaseDirectUrl(): string | undefined {
  return process.env[TEST_ENV.directUrl] || undefined;
}

/**
 * This worker's database on the streaming replica named by TEST_DATABASE_REPLICA_URL (the same
 * cluster replayed, so the same database names); undefined without one or on the embedded server.
 */
export function testDatabaseReplicaUrl(): string | undefined {
  const replicaServer = process.env[REPLICA_ENV] || undefined;
  if (!replicaServer || !process.env[TEST_ENV.adminUrl]) return undefined;
  const name = new URL(testDatabaseUrl()).pathname.slice(1);
  return databaseUrl(replicaServer, name);
}

/** Connections the app may open on testDatabaseUrl(): 1 on the embedded server. */
export function testDatabasePoolSize(): number {
  return Number(process.env[TEST_ENV.poolSize] ?? 1);
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty, unmigrated database of its own, for specs that test migrations: a fresh database on
 * the PostgreSQL server, or a fresh in-memory embedded server.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const serverUrl = process.env[TEST_ENV.adminUrl];
  if (!serverUrl) {
    const server = await startEmbeddedPostgres();
    return { url: server.connectionString, drop: () => server.stop() };
  }
  const name = `parley_test_scratch_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  assertTestDatabaseName(name);
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => withAdmin(serverUrl, (admin) => dropDatabase(admin, name)),
  };
}

async function withAdmin<T>(serverUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
