import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { AuditLogStore } from './audit-log.store';

describe(AuditLogStore.name, () => {
  let context: INestApplicationContext;
  let audit: AuditLogStore;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([AuditLogStore]);
    audit = context.get(AuditLogStore);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  it("lists one target's entries of the given actions, newest first, up to a limit", async () => {
    const [actor, subject, other] = await Promise.all(
      [0, 1, 2].map(async () => (await prisma.user.create({ data: {} })).id),
    );
    const user = { type: 'user' as const, id: subject };
    const suspend = await audit.record({ actorId: actor, action: 'user.suspend', target: user });
    await audit.record({ actorId: actor, action: 'user.note', target: user });
    const ban = await audit.record({ actorId: actor, action: 'user.ban', target: user });
    await audit.record({ actorId: actor, action: 'user.ban', target: { type: 'user', id: other } });
    const unban = await audit.record({ actorId: actor, action: 'user.unban', target: user });

    const actions = ['user.suspend', 'user.ban', 'user.unban'] as const;
    const all = await audit.listForTarget(user, actions, 10);
    expect(all.map((entry) => entry.id).sort()).toEqual([unban.id, ban.id, suspend.id].sort());
    // Newest first: by time, then id (entries of one millisecond tie on time).
    const newestFirst = [...all].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
    );
    expect(all).toEqual(newestFirst);
    expect(await audit.listForTarget(user, actions, 2)).toEqual(all.slice(0, 2));
    expect(await audit.listForTarget({ type: 'comment', id: subject }, actions, 10)).toEqual([]);
  });
});
