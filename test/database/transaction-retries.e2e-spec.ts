import { randomUUID } from 'node:crypto';
import { Prisma, PrismaService } from '@parley/database';
import { testDatabasePoolSize } from '@parley/testing';
import { createTestApp, TestApp } from '../support/test-app';

// One connection (the embedded server) runs transactions one after the other: no conflict there.
const itWithConcurrentConnections = testDatabasePoolSize() > 1 ? it : it.skip;

/** Resolves once `count` callers have arrived: both transactions then hold what they read. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release = (): void => undefined;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    arrived += 1;
    if (arrived === count) release();
    await all;
  };
}

describe('PrismaService.transaction', () => {
  let t: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
    await prisma.$executeRaw`CREATE TABLE IF NOT EXISTS transaction_retry_probe (k text, n int)`;
  });
  afterAll(() => t.close());

  itWithConcurrentConnections(
    'runs a transaction again after a serialization failure (40001), with what it reads anew',
    async () => {
      const key = randomUUID();
      const bothRead = barrier(2);
      let attempts = 0;
      const next = () =>
        prisma.transaction(
          async (tx) => {
            attempts += 1;
            const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
              SELECT coalesce(max(n), 0)::int AS n FROM transaction_retry_probe WHERE k = ${key}`;
            if (attempts <= 2) await bothRead();
            await tx.$executeRaw`INSERT INTO transaction_retry_probe (k, n) VALUES (${key}, ${n + 1})`;
          },
          { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
        );
      await Promise.all([next(), next()]);
      expect(attempts).toBe(3);
      const rows = await prisma.$queryRaw<{ n: number }[]>`
        SELECT n FROM transaction_retry_probe WHERE k = ${key} ORDER BY n`;
      expect(rows.map((row) => row.n)).toEqual([1, 2]);
      // Every connection is back in the pool (Prisma's engine alone keeps the one whose COMMIT failed).
      const poolSize = testDatabasePoolSize();
      const all = await Promise.all(
        Array.from({ length: poolSize }, () =>
          prisma.transaction((tx) => tx.$queryRaw`SELECT pg_sleep(0.05)::text`, { maxWait: 5_000 }),
        ),
      );
      expect(all).toHaveLength(poolSize);
    },
    15_000,
  );

  itWithConcurrentConnections('runs a transaction again after a deadlock (40P01)', async () => {
    const [a, b] = [Math.floor(Math.random() * 1e9), Math.floor(Math.random() * 1e9)];
    const bothHoldOne = barrier(2);
    let attempts = 0;
    const crossing = (first: number, second: number) =>
      prisma.transaction(async (tx) => {
        attempts += 1;
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${first}::bigint)::text`;
        if (attempts <= 2) await bothHoldOne();
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${second}::bigint)::text`;
      });
    await Promise.all([crossing(a, b), crossing(b, a)]);
    expect(attempts).toBe(3);
  });

  it('does not run a transaction again for any other error', async () => {
    let attempts = 0;
    const failing = prisma.transaction(async (tx) => {
      attempts += 1;
      await tx.$queryRaw`SELECT 1 / 0`;
    });
    await expect(failing).rejects.toBeDefined();
    expect(attempts).toBe(1);
  });
});
