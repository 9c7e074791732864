import type { INestApplicationContext } from '@nestjs/common';
import { isUniqueViolation, PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { SsoIdentityStore } from './sso-identity.store';

describe(SsoIdentityStore.name, () => {
  let context: INestApplicationContext;
  let store: SsoIdentityStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([SsoIdentityStore]);
    store = context.get(SsoIdentityStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const issuer = 'https://news.example';

  it('links a publisher user to one account, and an account to one publisher user', async () => {
    const [a, b] = [await prisma.user.create({ data: {} }), await prisma.user.create({ data: {} })];
    const sub = randomUUID();
    await transactions.run((tx) => store.link(issuer, sub, a.id, tx));
    const failure = (work: Promise<void>) =>
      work.then(
        () => null,
        (error: unknown) => error,
      );
    const again = await failure(transactions.run((tx) => store.link(issuer, sub, b.id, tx)));
    expect(isUniqueViolation(again)).toBe(true);
    const second = await failure(
      transactions.run((tx) => store.link(issuer, randomUUID(), a.id, tx)),
    );
    expect(isUniqueViolation(second)).toBe(true);
    expect((await transactions.run((tx) => store.find(issuer, sub, tx)))?.userId).toBe(a.id);
    expect((await store.findByUser(a.id))?.subject).toBe(sub);
  });

  it('records the last sign-in and forgets the link on erasure', async () => {
    const user = await prisma.user.create({ data: {} });
    const sub = randomUUID();
    const at = new Date('2026-11-30T12:00:00Z');
    await transactions.run(async (tx) => {
      await store.link(issuer, sub, user.id, tx);
      await store.touch(issuer, sub, at, tx);
    });
    expect((await store.findByUser(user.id))?.lastSignInAt).toEqual(at);
    await transactions.run((tx) => store.deleteOfUser(user.id, tx));
    expect(await store.findByUser(user.id)).toBeNull();
  });
});
