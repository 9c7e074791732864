import type { INestApplicationContext } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { ComplimentaryGrantStore } from './complimentary-grant.store';
import { PublisherEntitlementStore } from './publisher-entitlement.store';
import { StripeCustomerStore } from './stripe-customer.store';
import { StripeEventStore } from './stripe-event.store';
import { SubscriptionSnapshot } from './subscription-snapshot';
import { EntitlementRow, entitlementRowsFromJson, SubscriptionStore } from './subscription.store';

describe(SubscriptionStore.name, () => {
  let context: INestApplicationContext;
  let subscriptions: SubscriptionStore;
  let customers: StripeCustomerStore;
  let events: StripeEventStore;
  let grants: ComplimentaryGrantStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([
      SubscriptionStore,
      StripeCustomerStore,
      StripeEventStore,
      ComplimentaryGrantStore,
      PublisherEntitlementStore,
    ]);
    subscriptions = context.get(SubscriptionStore);
    customers = context.get(StripeCustomerStore);
    events = context.get(StripeEventStore);
    grants = context.get(ComplimentaryGrantStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));
  const customer = async () => {
    const { id: userId } = await prisma.user.create({ data: {} });
    const customerId = `cus_${randomUUID()}`;
    await customers.create(userId, customerId);
    return { userId, customerId };
  };
  const snapshot = (customerId: string, over: Partial<SubscriptionSnapshot> = {}) => ({
    id: `sub_${randomUUID()}`,
    customerId,
    status: 'active',
    priceId: 'price_a',
    currentPeriodEnd: at(60),
    cancelAtPeriodEnd: false,
    metadataUserId: null,
    ...over,
  });
  const event = (): Stripe.Event =>
    ({
      id: `evt_${randomUUID()}`,
      type: 'customer.subscription.updated',
      created: 1_900_000_000,
      livemode: false,
    }) as Stripe.Event;

  it('drops a snapshot older than the stored one, and applies a tie or a newer one', async () => {
    const { userId, customerId } = await customer();
    const first = snapshot(customerId);
    expect(await subscriptions.apply(first, at(10))).toBe('created');
    expect(await subscriptions.apply(first, at(10))).toBe('unchanged');
    expect(await subscriptions.apply({ ...first, status: 'canceled' }, at(5))).toBe('stale');
    expect((await subscriptions.forUser(userId))[0].status).toBe('active');
    expect(await subscriptions.apply({ ...first, status: 'past_due' }, at(10))).toBe('updated');
    expect(await subscriptions.apply({ ...first, status: 'canceled' }, at(11))).toBe('updated');
    expect(await subscriptions.forUser(userId)).toEqual([
      expect.objectContaining({ id: first.id, userId, status: 'canceled' }),
    ]);
  });

  it('lets the newest of racing snapshots win whatever the arrival order', async () => {
    const { userId, customerId } = await customer();
    const base = snapshot(customerId);
    const statuses = ['trialing', 'active', 'past_due', 'canceled', 'unpaid'];
    await Promise.all(
      statuses.map((status, minute) => subscriptions.apply({ ...base, status }, at(minute))),
    );
    expect((await subscriptions.forUser(userId))[0].status).toBe('unpaid');
  });

  it('writes nothing for an unknown customer', async () => {
    const lost = snapshot(`cus_${randomUUID()}`);
    expect(await subscriptions.apply(lost, at(1))).toBe('unknown_customer');
    expect(await prisma.stripeSubscription.findUnique({ where: { id: lost.id } })).toBeNull();
  });

  it('applies a claimed event once: a second delivery of it writes nothing', async () => {
    const { userId, customerId } = await customer();
    const delivered = event();
    const first = snapshot(customerId);
    expect(await subscriptions.apply(first, at(1), events.claimSql(delivered))).toBe('created');
    expect(
      await subscriptions.apply(
        { ...first, status: 'canceled' },
        at(2),
        events.claimSql(delivered),
      ),
    ).toBeNull();
    expect((await subscriptions.forUser(userId))[0].status).toBe('active');
    expect(await events.claim(delivered)).toBe(false);
  });

  it('cancels every subscription of a deleted customer, and its stamp only grows', async () => {
    const { userId, customerId } = await customer();
    const sub = snapshot(customerId);
    await subscriptions.apply(sub, at(30));
    await transactions.run(async (tx) => {
      await customers.markDeleted(customerId, at(20), tx);
      await subscriptions.cancelAllOfCustomer(customerId, at(20), tx);
    });
    expect((await subscriptions.forUser(userId))[0].status).toBe('canceled');
    expect(await subscriptions.apply(sub, at(25))).toBe('stale');
    expect((await customers.findByUser(userId))?.deletedAt).toEqual(at(20));
  });

  it('reads every kind of grant of a user in one statement, newest first', async () => {
    const { userId, customerId } = await customer();
    const { id: admin } = await prisma.user.create({ data: { role: 'admin' } });
    await subscriptions.apply(snapshot(customerId, { status: 'canceled' }), at(1));
    await transactions.run((tx) => grants.put(userId, at(90), admin, tx));
    const rows = await subscriptions.entitlementRows(userId);
    expect(rows.map((row) => row.kind)).toEqual(['complimentary', 'stripe']);
    expect(rows[0]).toMatchObject({ until: at(90) });
    const publisher = context.get(PublisherEntitlementStore);
    await transactions.run((tx) =>
      publisher.put(userId, { until: at(95), plan: 'digital' }, at(2), tx),
    );
    expect(await subscriptions.entitlementRows(userId)).toContainEqual(
      expect.objectContaining({ kind: 'publisher', until: at(95), plan: 'digital' }),
    );
    await transactions.run((tx) => publisher.delete(userId, tx));
    expect(rows[1]).toMatchObject({
      status: 'canceled',
      priceId: 'price_a',
      cancelAtPeriodEnd: false,
    });
  });

  it('reads the same grants, in the same order, as a JSON column of another statement', async () => {
    const { userId, customerId } = await customer();
    const sql = context.get(SqlClient);
    const asColumn = async () => {
      const [row] = await sql.query<{ grants: unknown }>(
        Prisma.sql`SELECT ${subscriptions.entitlementRowsJsonSql(userId)} AS grants`,
      );
      return entitlementRowsFromJson(row.grants);
    };
    const shown = (rows: EntitlementRow[]) =>
      rows.map(({ kind, status, priceId, currentPeriodEnd, cancelAtPeriodEnd, until, plan }) => ({
        ...{ kind, status, priceId, currentPeriodEnd, cancelAtPeriodEnd, until, plan },
      }));
    expect(await asColumn()).toEqual([]);
    const { id: admin } = await prisma.user.create({ data: { role: 'admin' } });
    await subscriptions.apply(snapshot(customerId, { cancelAtPeriodEnd: true }), at(1));
    await transactions.run((tx) => grants.put(userId, null, admin, tx));
    await transactions.run((tx) =>
      context
        .get(PublisherEntitlementStore)
        .put(userId, { until: at(95), plan: 'print' }, at(2), tx),
    );
    const direct = await subscriptions.entitlementRows(userId);
    expect(direct.map((row) => row.kind).sort()).toEqual(['complimentary', 'publisher', 'stripe']);
    expect(shown(await asColumn())).toEqual(shown(direct));
    expect((await asColumn()).find((row) => row.kind === 'stripe')?.currentPeriodEnd).toEqual(
      at(60),
    );
  });

  it('finds the holders of a grant in force among a page of users', async () => {
    const rule = { grantingStatuses: ['active', 'trialing', 'past_due'], pastDueSince: at(0) };
    const paying = await customer();
    const lapsed = await customer();
    const comped = await customer();
    const ended = await customer();
    const { id: admin } = await prisma.user.create({ data: { role: 'admin' } });
    await subscriptions.apply(snapshot(paying.customerId), at(1));
    await subscriptions.apply(
      snapshot(lapsed.customerId, { status: 'past_due', currentPeriodEnd: at(-10) }),
      at(1),
    );
    await transactions.run((tx) => grants.put(comped.userId, null, admin, tx));
    await transactions.run((tx) => grants.put(ended.userId, at(5), admin, tx));
    const ids = [paying, lapsed, comped, ended].map((c) => c.userId);
    expect(await subscriptions.holders(ids, at(10), rule)).toEqual(
      new Set([paying.userId, comped.userId]),
    );
    expect(await subscriptions.holders([], at(10), rule)).toEqual(new Set());
  });

  it('tells since when each user has held a grant in force: the oldest such grant', async () => {
    const rule = { grantingStatuses: ['active', 'trialing', 'past_due'], pastDueSince: at(0) };
    const loyal = await customer();
    const comped = await customer();
    const lapsed = await customer();
    const { id: admin } = await prisma.user.create({ data: { role: 'admin' } });
    const older = snapshot(loyal.customerId, { priceId: 'price_old' });
    const newer = snapshot(loyal.customerId, { priceId: 'price_new' });
    const gone = snapshot(loyal.customerId, { status: 'canceled', priceId: 'price_gone' });
    for (const one of [older, newer, gone]) await subscriptions.apply(one, at(1));
    const started = new Date('2021-05-01T00:00:00.000Z');
    await prisma.stripeSubscription.update({
      where: { id: older.id },
      data: { createdAt: started },
    });
    await prisma.stripeSubscription.update({
      where: { id: gone.id },
      data: { createdAt: new Date('2019-01-01T00:00:00.000Z') },
    });
    await subscriptions.apply(snapshot(lapsed.customerId, { status: 'canceled' }), at(1));
    await transactions.run((tx) => grants.put(comped.userId, null, admin, tx));

    const tenures = await subscriptions.tenures(
      [loyal.userId, comped.userId, lapsed.userId, loyal.userId],
      at(10),
      rule,
    );
    expect([...tenures.keys()].sort()).toEqual([loyal.userId, comped.userId].sort());
    expect(tenures.get(loyal.userId)).toEqual({
      since: started,
      source: 'stripe',
      priceId: 'price_old',
    });
    expect(tenures.get(comped.userId)).toMatchObject({ source: 'complimentary', priceId: null });
    expect(await subscriptions.tenures([], at(10), rule)).toEqual(new Map());
  });
});
