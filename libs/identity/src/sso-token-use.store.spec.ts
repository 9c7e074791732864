import type { INestApplicationContext } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { SsoTokenUseStore } from './sso-token-use.store';

describe(SsoTokenUseStore.name, () => {
  let context: INestApplicationContext;
  let store: SsoTokenUseStore;
  let transactions: TransactionRunner;
  beforeAll(async () => {
    context = await createStoreTestContext([SsoTokenUseStore]);
    store = context.get(SsoTokenUseStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  const later = () => new Date(Date.now() + 60_000);
  const spend = (issuer: string, jti: string, expiresAt = later()) =>
    transactions.run((tx) => store.spend(issuer, jti, expiresAt, tx));

  it('spends a jti once, however many spenders race, per issuer', async () => {
    const jti = randomUUID();
    const wins = await Promise.all(
      Array.from({ length: 5 }, () => spend('https://a.example', jti)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await spend('https://b.example', jti)).toBe(true);
  });

  it('leaves the jti unspent when the spending transaction rolls back', async () => {
    const jti = randomUUID();
    await expect(
      transactions.run(async (tx) => {
        await store.spend('https://a.example', jti, later(), tx);
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');
    expect(await spend('https://a.example', jti)).toBe(true);
  });

  it('purges the rows of tokens expired before the cutoff only', async () => {
    const old = randomUUID();
    const live = randomUUID();
    await spend('https://a.example', old, new Date(Date.now() - 1000));
    await spend('https://a.example', live);
    expect(await store.purgeExpiredBefore(new Date())).toBeGreaterThanOrEqual(1);
    expect(await spend('https://a.example', old, later())).toBe(true);
    expect(await spend('https://a.example', live)).toBe(false);
  });
});
