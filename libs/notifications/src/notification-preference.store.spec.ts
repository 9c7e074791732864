import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { NotificationPreferenceStore } from './notification-preference.store';

describe(NotificationPreferenceStore.name, () => {
  let context: INestApplicationContext;
  let prisma: PrismaService;
  let store: NotificationPreferenceStore;

  beforeAll(async () => {
    context = await createStoreTestContext([NotificationPreferenceStore]);
    prisma = context.get(PrismaService);
    store = context.get(NotificationPreferenceStore);
  });
  afterAll(() => context.close());

  const reader = async () => (await prisma.user.create({ data: {} })).id;

  it('answers every kind on for a reader who never chose', async () => {
    expect(await store.get(await reader())).toEqual({ replies: true, moderation: true });
  });

  it('applies concurrent changes of different kinds both, keeping the kinds not named', async () => {
    const userId = await reader();
    await Promise.all([
      store.update(userId, { replies: false }),
      store.update(userId, { moderation: false }),
    ]);
    expect(await store.get(userId)).toEqual({ replies: false, moderation: false });
    expect(await store.update(userId, { replies: true })).toEqual({
      replies: true,
      moderation: false,
    });
  });

  it('forgets the choices of an erased account', async () => {
    const userId = await reader();
    await store.update(userId, { replies: false });
    await context.get(TransactionRunner).run((tx) => store.forget(tx, userId));
    expect(await prisma.notificationPreference.count({ where: { userId } })).toBe(0);
  });
});
