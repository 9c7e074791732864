import type { INestApplication } from '@nestjs/common';
import { ConfigValues, loadConfig } from '@parley/config';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../apps/api/src/app.factory';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/** The configuration of createTestApp: this worker's database, quiet, limits off, plus `env`. */
export function testConfig(env: Record<string, string | undefined> = {}): ConfigValues {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_DIRECT_URL: testDatabaseDirectUrl(),
    DATABASE_POOL_SIZE: String(testDatabasePoolSize()),
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_DISABLED: 'true',
    // Specs run retention rounds themselves (RetentionJob.runOnce), never at a random moment.
    RETENTION_INTERVAL_SECONDS: '0',
    // Specs register dozens of accounts at once; the production queue (32) would turn some away.
    PASSWORD_HASH_QUEUE: '10000',
    // Mail of specs that do not read it goes to files here, not into the project's .data/.
    DATA_DIR: join(tmpdir(), `parley-test-${process.pid}`),
    ...env,
  });
}

/**
 * The real application on this worker's database, configured as in production except for what
 * a spec overrides (environment variables, as strings).
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const app = await createApp(testConfig(env));
  await app.init();
  const server = app.getHttpServer() as App;
  return { app, http: () => request(server), close: () => app.close() };
}
