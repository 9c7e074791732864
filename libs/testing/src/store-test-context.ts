import type { INestApplicationContext, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@parley/config';
import { DatabaseModule } from '@parley/database';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from './test-database';

/** The modules a store-level spec builds on: configuration and this worker's database. */
class StoreTestModule {}

/**
 * A Nest application context with this worker's migrated database (DatabaseModule: PrismaService,
 * SqlClient, TransactionRunner) and `providers` (the stores under test), for store-level specs
 * that pin a store's guarantees without HTTP. `env` overrides configuration variables. Close it
 * in afterAll.
 */
export async function createStoreTestContext(
  providers: Provider[],
  env: Record<string, string> = {},
): Promise<INestApplicationContext> {
  const values = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_DIRECT_URL: testDatabaseDirectUrl(),
    // 1 on the embedded server: a single session, which a second connection would interleave with.
    DATABASE_POOL_SIZE: String(testDatabasePoolSize()),
    DATA_DIR: join(tmpdir(), `parley-test-${process.pid}`),
    ...env,
  });
  const context = await NestFactory.createApplicationContext(
    {
      module: StoreTestModule,
      imports: [ConfigModule.forRoot(values), DatabaseModule.forRoot()],
      providers,
    },
    { logger: false },
  );
  await context.init();
  return context;
}
