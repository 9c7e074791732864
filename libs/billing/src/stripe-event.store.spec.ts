import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, SqlClient, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { StripeCustomerStore } from './stripe-customer.store';
import { StripeEventStore } from './stripe-event.store';

describe(StripeEventStore.name, () => {
  let context: INestApplicationContext;
  let events: StripeEventStore;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([StripeEventStore, StripeCustomerStore]);
    events = context.get(StripeEventStore);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const event = (): Stripe.Event =>
    ({
      id: `evt_${randomUUID()}`,
      type: 'invoice.paid',
      created: 1_900_000_000,
      livemode: false,
    }) as Stripe.Event;

  it('lets exactly one of racing deliveries claim an event', async () => {
    const delivered = event();
    const claims = await Promise.all(Array.from({ length: 4 }, () => events.claim(delivered)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await events.deliveryFacts(delivered.id, null)).processed).toBe(true);
  });

  it("reads whether an event was processed and its customer's user in one go", async () => {
    const userId = (await prisma.user.create({ data: {} })).id;
    const customerId = `cus_${randomUUID()}`;
    await context.get(StripeCustomerStore).create(userId, customerId);
    const delivered = event();
    expect(await events.deliveryFacts(delivered.id, customerId)).toEqual({
      processed: false,
      customerUserId: userId,
    });
    await events.claim(delivered);
    expect(await events.deliveryFacts(delivered.id, `cus_${randomUUID()}`)).toEqual({
      processed: true,
      customerUserId: null,
    });
    expect(await events.deliveryFacts(delivered.id, null)).toEqual({
      processed: true,
      customerUserId: null,
    });
  });

  it("reads concurrent deliveries' facts together, each its own answer in order", async () => {
    const userId = (await prisma.user.create({ data: {} })).id;
    const customerId = `cus_${randomUUID()}`;
    await context.get(StripeCustomerStore).create(userId, customerId);
    const processed = event();
    await events.claim(processed);
    const fresh = event();
    const asked: [string, string | null][] = Array.from({ length: 20 }, (_, i) => [
      [processed.id, fresh.id][i % 2],
      [customerId, null, `cus_${randomUUID()}`][i % 3],
    ]);
    const statements = jest.spyOn(context.get(SqlClient), 'queryPrepared');
    try {
      const answers = await Promise.all(
        asked.map(([id, customer]) => events.deliveryFacts(id, customer)),
      );
      expect(answers).toEqual(
        asked.map(([id, customer]) => ({
          processed: id === processed.id,
          customerUserId: customer === customerId ? userId : null,
        })),
      );
      // The first read goes at once; the 19 asked meanwhile share the next.
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });

  it('answers an id holding a NUL byte (no row can have one) without failing the reads batched with it', async () => {
    const processed = event();
    await events.claim(processed);
    const answers = await Promise.all([
      events.deliveryFacts(processed.id, null),
      events.deliveryFacts('evt_\u0000nul', null),
      events.deliveryFacts(processed.id, 'cus_\u0000nul'),
      events.deliveryFacts(processed.id, null),
    ]);
    expect(answers).toEqual([
      { processed: true, customerUserId: null },
      { processed: false, customerUserId: null },
      { processed: true, customerUserId: null },
      { processed: true, customerUserId: null },
    ]);
  });

  it('keeps a failure visible, and lets a retry take the failed row over', async () => {
    const failing = event();
    await events.recordFailure(failing, new Error('Stripe timed out'));
    expect((await events.deliveryFacts(failing.id, null)).processed).toBe(false);
    expect(await prisma.stripeEvent.findUnique({ where: { id: failing.id } })).toMatchObject({
      error: 'Error: Stripe timed out',
      processedAt: null,
    });
    expect(await events.claim(failing)).toBe(true);
    expect(await prisma.stripeEvent.findUnique({ where: { id: failing.id } })).toMatchObject({
      error: null,
      attempts: 2,
    });
    await events.recordFailure(failing, new Error('late'));
    expect((await prisma.stripeEvent.findUnique({ where: { id: failing.id } }))?.error).toBeNull();
  });

  it('rolls a claim back with the transaction that applies the event', async () => {
    const delivered = event();
    await expect(
      context.get(TransactionRunner).run(async (tx) => {
        expect(await events.claim(delivered, tx)).toBe(true);
        throw new Error('apply failed');
      }),
    ).rejects.toThrow('apply failed');
    expect(await events.claim(delivered)).toBe(true);
  });

  it('purges applied events before the cutoff and keeps failed ones', async () => {
    const applied = event();
    const failed = event();
    await events.claim(applied);
    await events.recordFailure(failed, new Error('no'));
    expect(await events.purgeProcessedBefore(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(
      1,
    );
    expect(await prisma.stripeEvent.findUnique({ where: { id: applied.id } })).toBeNull();
    expect(await prisma.stripeEvent.findUnique({ where: { id: failed.id } })).not.toBeNull();
  });
});
