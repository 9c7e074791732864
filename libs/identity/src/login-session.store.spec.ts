import type { INestApplicationContext } from '@nestjs/common';
import { TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { LoginSessionStore, NewRefreshToken } from './login-session.store';
import { UserStore } from './user.store';

describe(LoginSessionStore.name, () => {
  let context: INestApplicationContext;
  let logins: LoginSessionStore;
  let users: UserStore;
  let transactions: TransactionRunner;
  beforeAll(async () => {
    context = await createStoreTestContext([UserStore, LoginSessionStore]);
    logins = context.get(LoginSessionStore);
    users = context.get(UserStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  const HOUR = 3_600_000;
  const newUserId = async () => {
    const email = `${randomUUID()}@example.com`;
    const user = await users.create({
      email,
      emailNormalized: email,
      displayName: 'Reader',
      passwordHash: 'hash',
    });
    return user.id;
  };
  const token = (userId: string, over: Partial<NewRefreshToken> = {}): NewRefreshToken => ({
    userId,
    tokenHash: randomUUID(),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + HOUR),
    ...over,
  });

  it('spends a live token once, however many presentations race', async () => {
    const first = token(await newUserId());
    await logins.startLogin(first);
    const now = new Date();
    const wins = await Promise.all(
      Array.from({ length: 4 }, () =>
        transactions.run((tx) => logins.spend(first.tokenHash, now, tx)),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await logins.findToken(first.tokenHash))?.spentAt).toEqual(now);
    expect(await logins.findLiveToken([first.tokenHash], new Date())).toBeNull();
  });

  it('never spends an expired or revoked token', async () => {
    const userId = await newUserId();
    const expired = token(userId, { expiresAt: new Date(Date.now() - 1) });
    await logins.startLogin(expired);
    expect(await logins.spend(expired.tokenHash, new Date())).toBe(false);
    const revoked = token(userId);
    const sessionId = await logins.startLogin(revoked);
    await logins.revokeFamily(sessionId, new Date());
    expect(await logins.spend(revoked.tokenHash, new Date())).toBe(false);
  });

  it('rotates within a family, and ending the login revokes every token of it', async () => {
    const userId = await newUserId();
    const first = token(userId);
    const sessionId = await logins.startLogin(first);
    const second = token(userId);
    await logins.addToken(sessionId, second);
    expect(
      await logins.findLiveToken([first.tokenHash, second.tokenHash], new Date(), userId),
    ).toMatchObject({ familyId: sessionId });
    expect(await logins.familyOf(userId, second.tokenHash)).toBe(sessionId);
    expect(await logins.familyOf(await newUserId(), second.tokenHash)).toBeNull();
    await logins.revokeFamily(sessionId, new Date());
    expect(await logins.findToken(second.tokenHash)).toMatchObject({
      revokedAt: expect.any(Date),
      session: { revokedAt: expect.any(Date) },
    });
  });

  it('revokes every login of a user except the one kept', async () => {
    const userId = await newUserId();
    const kept = token(userId);
    const other = token(userId);
    const keptId = await logins.startLogin(kept);
    await logins.startLogin(other);
    await logins.revokeAllOfUser(userId, new Date(), keptId);
    expect((await logins.findToken(kept.tokenHash))?.revokedAt).toBeNull();
    expect((await logins.findToken(other.tokenHash))?.revokedAt).toEqual(expect.any(Date));
    expect((await logins.historyOf(userId)).map((t) => t.familyId)).toContain(keptId);
  });

  it('purges tokens expired before the cutoff, then the logins left without one', async () => {
    const userId = await newUserId();
    const longAgo = new Date(Date.now() - 100 * 24 * HOUR);
    const old = token(userId, {
      createdAt: longAgo,
      expiresAt: new Date(longAgo.getTime() + HOUR),
    });
    const live = token(userId);
    const oldLogin = await logins.startLogin(old);
    await logins.startLogin(live);
    expect(
      await logins.purgeExpiredBefore(new Date(Date.now() - 24 * HOUR)),
    ).toBeGreaterThanOrEqual(1);
    expect(await logins.findToken(old.tokenHash)).toBeNull();
    expect(await logins.findToken(live.tokenHash)).not.toBeNull();
    expect((await logins.historyOf(userId)).map((t) => t.familyId)).not.toContain(oldLogin);
  });
});
