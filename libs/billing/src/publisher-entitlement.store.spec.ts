import type { INestApplicationContext } from '@nestjs/common';
import { Prisma, PrismaService, SqlClient, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { PublisherEntitlementStore } from './publisher-entitlement.store';

describe(PublisherEntitlementStore.name, () => {
  let context: INestApplicationContext;
  let store: PublisherEntitlementStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  let sql: SqlClient;
  beforeAll(async () => {
    context = await createStoreTestContext([PublisherEntitlementStore]);
    store = context.get(PublisherEntitlementStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
    sql = context.get(SqlClient);
  });
  afterAll(() => context.close());

  const until = new Date('2031-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, seconds));

  it('keeps one row per user, and never lets an older token override a newer one (a tie applies)', async () => {
    const { id: userId } = await prisma.user.create({ data: {} });
    const put = (entitlement: { until: Date | null; plan: string | null }, asOf: Date) =>
      transactions.run((tx) => store.put(userId, entitlement, asOf, tx));
    expect(await put({ until, plan: 'digital' }, at(10))).toBe(true);
    expect(await put({ until: null, plan: null }, at(5))).toBe(false);
    expect(await transactions.run((tx) => store.lock(userId, tx))).toEqual({
      until,
      plan: 'digital',
      asOf: at(10),
    });
    expect(await put({ until: null, plan: null }, at(10))).toBe(true);
    expect(await prisma.publisherEntitlement.count({ where: { userId } })).toBe(1);
  });

  it('lets concurrent writers of one user take turns on its row', async () => {
    const { id: userId } = await prisma.user.create({ data: {} });
    const results = await Promise.all(
      [1, 2, 3, 4].map((second) =>
        transactions.run(async (tx) => {
          await store.lock(userId, tx);
          return store.put(userId, { until, plan: `p${second}` }, at(second), tx);
        }),
      ),
    );
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect((await transactions.run((tx) => store.lock(userId, tx)))?.plan).toBe('p4');
  });

  it('reads as a grant and as a holder only while not withdrawn and not ended', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => prisma.user.create({ data: {} })));
    const now = new Date('2030-01-01T00:00:00Z');
    await transactions.run(async (tx) => {
      await store.put(a.id, { until, plan: 'digital' }, now, tx);
      await store.put(b.id, { until: null, plan: null }, now, tx);
      await store.put(c.id, { until: new Date('2029-01-01T00:00:00Z'), plan: null }, now, tx);
    });
    const ids = Prisma.join([a.id, b.id, c.id].map((id) => Prisma.sql`${id}::uuid`));
    const holders = await sql.query<{ user_id: string }>(store.holdersSql(ids, now));
    expect(holders.map((row) => row.user_id)).toEqual([a.id]);
    const rows = await sql.query<{ kind: string; plan: string }>(store.grantRowSql(a.id));
    expect(rows).toMatchObject([{ kind: 'publisher', plan: 'digital', until }]);
    expect(await sql.query(store.grantRowSql(b.id))).toEqual([]);
    await store.delete(a.id);
    expect(await sql.query(store.grantRowSql(a.id))).toEqual([]);
  });
});
