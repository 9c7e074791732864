import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { ComplimentaryGrantStore } from './complimentary-grant.store';

describe(ComplimentaryGrantStore.name, () => {
  let context: INestApplicationContext;
  let grants: ComplimentaryGrantStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([ComplimentaryGrantStore]);
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
