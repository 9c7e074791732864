// Jest loads global setup outside its module map, so this file and its imports use relative
// paths instead of the @parley/* aliases.
import type { Config } from 'jest';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../database/src/embedded/embedded-postgres';
import { runMigrations } from '../../database/src/migrations/migration-runner';
import { TEST_ENV } from './test-database-env';
import {
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  TEMPLATE_DATABASE,
  workerDatabase,
} from './test-database-names';

type Teardown = () => Promise<void>;
const TEARDOWN_KEY = '__parleyTestDatabaseTeardown';

/** Prepares one migrated database per jest worker and publishes their URLs through the environment. */
export default async function globalSetup(globalConfig: Config): Promise<void> {
  const workers = Math.max(1, Number(globalConfig.maxWorkers ?? 1));
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const teardown = serverUrl
    ? await preparePostgres(serverUrl, workers)
    : await prepareEmbedded(workers);
  (globalThis as Record<string, unknown>)[TEARDOWN_KEY] = teardown;
}

export async function runTeardown(): Promise<void> {
  const teardown = (globalThis as Record<string, unknown>)[TEARDOWN_KEY] as Teardown | undefined;
  await teardown?.();
}

/**
 * Migrates a template once, then clones it per worker: cloning is much faster than migrating.
 * With TEST_DATABASE_POOLER_URL (a PgBouncer in transaction mode in front of the same server),
 * the app under test reaches its database through the pooler and the server directly only for
 * session work, as in a pooled production deployment.
 */
async function preparePostgres(serverUrl: string, workers: number): Promise<Teardown> {
  const poolerUrl = process.env.TEST_DATABASE_POOLER_URL || undefined;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await recreateDatabase(admin, TEMPLATE_DATABASE);
    await runMigrations(databaseUrl(serverUrl, TEMPLATE_DATABASE));
    for (let worker = 1; worker <= workers; worker++) {
      await recreateDatabase(admin, workerDatabase(worker), TEMPLATE_DATABASE);
      const direct = databaseUrl(serverUrl, workerDatabase(worker));
      process.env[TEST_ENV.workerUrl(worker)] = poolerUrl
        ? databaseUrl(poolerUrl, workerDatabase(worker))
        : direct;
      if (poolerUrl) process.env[TEST_ENV.workerDirectUrl(worker)] = direct;
    }
  } finally {
    await admin.end();
  }
  process.env[TEST_ENV.adminUrl] = serverUrl;
  process.env[TEST_ENV.poolSize] = '5';
  return () => dropWorkerDatabases(serverUrl, workers);
}

async function dropWorkerDatabases(serverUrl: string, workers: number): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let worker = 1; worker <= workers; worker++)
      await dropDatabase(admin, workerDatabase(worker));
    await dropDatabase(admin, TEMPLATE_DATABASE);
  } finally {
    await admin.end();
  }
}

/** One in-memory PGlite per worker: each is a single session, so workers must not share one. */
async function prepareEmbedded(workers: number): Promise<Teardown> {
  const servers = await Promise.all(
    Array.from({ length: workers }, async () => {
      const server = await startEmbeddedPostgres();
      await runMigrations(server.connectionString);
      return server;
    }),
  );
  servers.forEach((server, index) => {
    process.env[TEST_ENV.workerUrl(index + 1)] = server.connectionString;
  });
  delete process.env[TEST_ENV.adminUrl];
  process.env[TEST_ENV.poolSize] = '1';
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
}
