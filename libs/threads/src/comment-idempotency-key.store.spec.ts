import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';

describe(CommentIdempotencyKeyStore.name, () => {
  let context: INestApplicationContext;
  let keys: CommentIdempotencyKeyStore;
  let prisma: PrismaService;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([CommentIdempotencyKeyStore]);
    keys = context.get(CommentIdempotencyKeyStore);
    prisma = context.get(PrismaService);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  /** A user with a comment keyed `key`, the key written `hoursAgo` hours ago. */
  const keyed = async (key: string, hoursAgo: number) => {
    const userId = (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
    const article = await prisma.article.create({ data: { id: `a-${randomUUID()}`, title: 'S' } });
    const comment = await prisma.comment.create({
      data: { articleId: article.id, authorId: userId, body: 'b', status: 'visible' },
    });
    await prisma.commentIdempotencyKey.create({
      data: {
        userId,
        key,
        requestHash: 'h',
        commentId: comment.id,
        createdAt: new Date(Date.now() - hoursAgo * 3_600_000),
      },
    });
    return { userId, commentId: comment.id };
  };

  it('frees an expired key only while it is still the expired one', async () => {
    const { userId } = await keyed('k', 25);
    const cutoff = new Date(Date.now() - 24 * 3_600_000);
    // A retry renewed it meanwhile: the conditional delete leaves the fresh row.
    await prisma.commentIdempotencyKey.update({
      where: { userId_key: { userId, key: 'k' } },
      data: { createdAt: new Date() },
    });
    await keys.deleteIfOlder(userId, 'k', cutoff);
    expect(await keys.find(userId, 'k')).not.toBeNull();
  });

  it('purges keys older than the cutoff and drops all of an erased user', async () => {
    const old = await keyed('old', 30);
    const fresh = await keyed('fresh', 1);
    expect(await keys.purgeOlderThan(new Date(Date.now() - 24 * 3_600_000))).toBeGreaterThanOrEqual(
      1,
    );
    expect(await keys.find(old.userId, 'old')).toBeNull();
    expect(await keys.find(fresh.userId, 'fresh')).toMatchObject({ commentId: fresh.commentId });
    await transactions.run((tx) => keys.deleteAllOf(tx, fresh.userId));
    expect(await keys.find(fresh.userId, 'fresh')).toBeNull();
  });
});
