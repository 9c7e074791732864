import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@parley/config';
import { DatabaseModule, Prisma, PrismaService, SqlClient } from '@parley/database';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';

jest.setTimeout(60_000);

async function bootDatabaseModule(options: {
  connectionString: string;
  poolSize: number;
  directConnectionString?: string;
}) {
  @Module({
    imports: [
      ConfigModule.forRoot(loadConfig({ NODE_ENV: 'test' })),
      DatabaseModule.forRoot(options),
    ],
  })
  class RootModule {}
  return NestFactory.createApplicationContext(RootModule, { logger: false });
}

const onPostgres = process.env.PARLEY_TEST_ADMIN_URL !== undefined;
const showTimeout = Prisma.sql`SELECT current_setting('statement_timeout') AS "timeout"`;

// Behind PgBouncer in transaction mode (DATABASE_DIRECT_URL set), nothing may rely on a session.
// CI runs the whole suite through a real PgBouncer; these pin the mode's own rules on any server.
describe('a transaction-mode pooler (DATABASE_DIRECT_URL)', () => {
  // One connection, so that a named statement, had one been prepared, is visible to the check.
  const pooled = () =>
    bootDatabaseModule({
      connectionString: testDatabaseUrl(),
      poolSize: 1,
      directConnectionString: testDatabaseDirectUrl() ?? testDatabaseUrl(),
    });

  it('sets the statement timeout per transaction, not as a startup parameter', async () => {
    const context = await pooled();
    try {
      const prisma = context.get(PrismaService);
      const inside = await prisma.transaction((tx) =>
        tx.$queryRaw<{ timeout: string }[]>(showTimeout),
      );
      expect(inside[0].timeout).toBe('10s');
    } finally {
      await context.close();
    }
  });

  it('answers the hot statements without named prepared statements', async () => {
    const context = await pooled();
    try {
      const sql = context.get(SqlClient);
      const rows = await sql.queryPrepared<{ n: number }>(
        'pooler_probe',
        Prisma.sql`SELECT 1 AS n`,
      );
      expect(rows).toEqual([{ n: 1 }]);
      const named = await sql.query<{ n: string }>(
        Prisma.sql`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'pooler_probe%'`,
      );
      expect(named[0].n).toBe('0');
    } finally {
      await context.close();
    }
  });

  (onPostgres ? it : it.skip)(
    'holds session advisory locks on the server itself, so they exclude a second holder',
    async () => {
      const context = await pooled();
      try {
        const sql = context.get(SqlClient);
        const key = 913_000 + Number(process.env.JEST_WORKER_ID ?? 1);
        const nested = await sql.withSessionAdvisoryLock(key, () =>
          sql.withSessionAdvisoryLock(key, async () => 'ran'),
        );
        expect(nested).toBeNull();
      } finally {
        await context.close();
      }
    },
  );

  // The embedded server (PGlite) takes no startup parameters: it runs without a statement timeout.
  (onPostgres ? it : it.skip)(
    'without it, keeps the statement timeout on every connection',
    async () => {
      const context = await bootDatabaseModule({
        connectionString: testDatabaseDirectUrl() ?? testDatabaseUrl(),
        poolSize: testDatabasePoolSize(),
      });
      try {
        const rows = await context.get(SqlClient).query<{ timeout: string }>(showTimeout);
        expect(rows[0].timeout).toBe('10s');
      } finally {
        await context.close();
      }
    },
  );
});
