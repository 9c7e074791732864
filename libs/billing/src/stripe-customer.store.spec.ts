import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { StripeCustomerStore } from './stripe-customer.store';

describe(StripeCustomerStore.name, () => {
  let context: INestApplicationContext;
  let customers: StripeCustomerStore;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([StripeCustomerStore]);
    customers = context.get(StripeCustomerStore);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const newUserId = async () => (await prisma.user.create({ data: {} })).id;
  const newCustomerId = () => `cus_${randomUUID()}`;

  it('keeps one customer per user: of racing first inserts, one is stored', async () => {
    const userId = await newUserId();
    const candidates = [newCustomerId(), newCustomerId(), newCustomerId()];
    await Promise.all(candidates.map((customerId) => customers.create(userId, customerId)));
    const stored = await customers.findByUser(userId);
    expect(candidates).toContain(stored?.customerId);
    expect(await customers.isKnown(stored!.customerId)).toBe(true);
  });

  it('links a lost customer, never over a live one, and replaces only a deleted one', async () => {
    const userId = await newUserId();
    const first = newCustomerId();
    await customers.link(userId, first);
    expect(await customers.findByUser(userId)).toMatchObject({
      customerId: first,
      deletedAt: null,
    });
    const second = newCustomerId();
    await customers.link(userId, second);
    expect(await customers.isKnown(second)).toBe(false);
    await context.get(TransactionRunner).run((tx) => customers.markDeleted(first, new Date(), tx));
    expect((await customers.allLive()).map((c) => c.customerId)).not.toContain(first);
    await customers.link(userId, second);
    expect(await customers.findByUser(userId)).toMatchObject({
      customerId: second,
      deletedAt: null,
    });
  });

  it('never gives one customer to two users', async () => {
    const customerId = newCustomerId();
    const owner = await newUserId();
    const other = await newUserId();
    await customers.create(owner, customerId);
    await customers.link(other, customerId);
    await customers.create(other, customerId);
    expect(await customers.findByUser(other)).toBeNull();
    expect((await customers.findByUser(owner))?.customerId).toBe(customerId);
  });

  it('replaces a deleted customer once, even when two replacements race', async () => {
    const userId = await newUserId();
    const deleted = newCustomerId();
    await customers.create(userId, deleted);
    const [a, b] = [newCustomerId(), newCustomerId()];
    await Promise.all([
      customers.replace(userId, deleted, a),
      customers.replace(userId, deleted, b),
    ]);
    expect([a, b]).toContain((await customers.findByUser(userId))?.customerId);
  });
});
