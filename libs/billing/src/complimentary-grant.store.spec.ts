import { INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@parley/config';
import { DatabaseModule, PrismaService, TransactionRunner } from '@parley/database';
import { testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';
import { ComplimentaryGrantStore } from './complimentary-grant.store';

async function storeContext(...stores: Type[]): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: String(testDatabasePoolSize()),
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  });
  @Module({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot()],
    providers: stores,
  })
  class StoreSpecModule {}
  return NestFactory.createApplicationContext(StoreSpecModule, { logger: false });
}

describe(ComplimentaryGrantStore.name, () => {
  let context: INestApplicationContext;
  let grants: ComplimentaryGrantStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await storeContext(ComplimentaryGrantStore);
    grants = context.get(ComplimentaryGrantStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  it('keeps one grant per user: a new grant replaces the last, whoever grants it', async () => {
    const { id: userId } = await prisma.user.create({ data: {} });
    const [a, b] = [await prisma.user.create({ data: {} }), await prisma.user.create({ data: {} })];
    const until = new Date('2031-01-01T00:00:00Z');
    await Promise.all([
      transactions.run((tx) => grants.put(userId, until, a.id, tx)),
      transactions.run((tx) => grants.put(userId, null, b.id, tx)),
    ]);
    expect(await prisma.complimentaryGrant.count({ where: { userId } })).toBe(1);
    expect(await transactions.run((tx) => grants.put(userId, until, a.id, tx))).toEqual({
      userId,
      until,
    });
  });

  it('tells whether a revoke removed a grant', async () => {
    const { id: userId } = await prisma.user.create({ data: {} });
    expect(await grants.delete(userId)).toBe(false);
    await transactions.run((tx) => grants.put(userId, null, userId, tx));
    expect(await grants.delete(userId)).toBe(true);
    expect(await grants.delete(userId)).toBe(false);
  });
});
