import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { PostingPolicyStore, SITE_POLICY_DEFAULTS } from './posting-policy.store';

describe(PostingPolicyStore.name, () => {
  let context: INestApplicationContext;
  let store: PostingPolicyStore;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([PostingPolicyStore]);
    store = context.get(PostingPolicyStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(async () => {
    // The policy is global to this worker's database: leave it off.
    await transactions.run((tx) => store.update(SITE_POLICY_DEFAULTS, tx));
    await context.close();
  });

  it('reads the defaults before any change, then sets only the fields given', async () => {
    await context.get(PrismaService).$executeRaw`DELETE FROM posting_policies`;
    expect(await store.get()).toEqual(SITE_POLICY_DEFAULTS);
    const first = await transactions.run((tx) => store.update({ holdLinks: true }, tx));
    expect(first).toEqual({
      previous: SITE_POLICY_DEFAULTS,
      policy: { ...SITE_POLICY_DEFAULTS, holdLinks: true },
    });
    const second = await transactions.run((tx) => store.update({ surgeCommentsPerMinute: 10 }, tx));
    expect(second.previous).toEqual(first.policy);
    expect(await store.get()).toEqual({
      newCommenterPremoderation: 0,
      holdLinks: true,
      surgeCommentsPerMinute: 10,
    });
  });

  it('keeps one row and its ranges (database constraints)', async () => {
    const prisma = context.get(PrismaService);
    await expect(
      prisma.$executeRaw`INSERT INTO posting_policies (id) VALUES (2)`,
    ).rejects.toThrow();
    await expect(
      transactions.run((tx) => store.update({ newCommenterPremoderation: -1 }, tx)),
    ).rejects.toThrow();
  });
});
