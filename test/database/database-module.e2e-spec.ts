import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@parley/config';
import {
  DatabaseHealth,
  DatabaseModule,
  isDatabaseUnavailableError,
  isUniqueViolation,
  PrismaService,
} from '@parley/database';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';

jest.setTimeout(60_000);

// @nestjs/testing is not a dependency: an application context does the same job here.
async function bootDatabaseModule(env: NodeJS.ProcessEnv, options = {}) {
  @Module({
    imports: [
      ConfigModule.forRoot(loadConfig({ NODE_ENV: 'test', ...env })),
      DatabaseModule.forRoot(options),
    ],
  })
  class RootModule {}
  return NestFactory.createApplicationContext(RootModule, { logger: false });
}

describe(DatabaseModule.name, () => {
  it('serves Prisma on the worker database, and reports unique violations', async () => {
    const moduleRef = await bootDatabaseModule(
      {},
      {
        connectionString: testDatabaseUrl(),
        poolSize: testDatabasePoolSize(),
        directConnectionString: testDatabaseDirectUrl(),
      },
    );
    const prisma = moduleRef.get(PrismaService);
    try {
      const email = `${randomUUID()}@example.test`;
      await prisma.user.create({ data: { email, emailNormalized: email } });
      const duplicate = await prisma.user
        .create({ data: { email, emailNormalized: email } })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(duplicate)).toBe(true);
      expect(isDatabaseUnavailableError(duplicate)).toBe(false);

      const raw = await prisma
        .$executeRawUnsafe(
          `INSERT INTO users (id, email_normalized, updated_at) VALUES ('${randomUUID()}', '${email}', now())`,
        )
        .catch((e: unknown) => e);
      expect(isUniqueViolation(raw)).toBe(true);
      expect(await moduleRef.get(DatabaseHealth).isReady()).toBe(true);
    } finally {
      await moduleRef.close();
    }
  });

  it('without DATABASE_URL starts the embedded server under DATA_DIR and stops it on close', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-module-'));
    try {
      const moduleRef = await bootDatabaseModule({ DATA_DIR: dataDir, DATABASE_URL: undefined });
      const prisma = moduleRef.get(PrismaService);
      expect(await prisma.user.count()).toBe(0);
      expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(true);
      await moduleRef.close();
      expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
