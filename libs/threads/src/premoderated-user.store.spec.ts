import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { PremoderatedUserStore } from './premoderated-user.store';

describe(PremoderatedUserStore.name, () => {
  let context: INestApplicationContext;
  let store: PremoderatedUserStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;

  beforeAll(async () => {
    context = await createStoreTestContext([PremoderatedUserStore]);
    store = context.get(PremoderatedUserStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const isOn = async (userId: string) => (await store.listIds()).includes(userId);

  it('turns pre-moderation on and off, saying whether that changed anything', async () => {
    const { id } = await prisma.user.create({ data: { displayName: 'Reader' } });
    expect(await isOn(id)).toBe(false);
    expect(await transactions.run((tx) => store.set(tx, id, true))).toBe(true);
    expect(await transactions.run((tx) => store.set(tx, id, true))).toBe(false);
    expect(await isOn(id)).toBe(true);
    expect(await transactions.run((tx) => store.set(tx, id, false))).toBe(true);
    expect(await transactions.run((tx) => store.set(tx, id, false))).toBe(false);
    expect(await isOn(id)).toBe(false);
  });

  it('goes with the account (foreign key, ON DELETE CASCADE)', async () => {
    const { id } = await prisma.user.create({ data: { displayName: 'Reader' } });
    await transactions.run((tx) => store.set(tx, id, true));
    await prisma.user.delete({ where: { id } });
    expect(await isOn(id)).toBe(false);
  });
});
