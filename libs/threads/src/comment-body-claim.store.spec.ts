import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { CommentBodyClaimStore, DUPLICATE_WINDOW_MINUTES } from './comment-body-claim.store';

describe(CommentBodyClaimStore.name, () => {
  let context: INestApplicationContext;
  let claims: CommentBodyClaimStore;
  let prisma: PrismaService;

  beforeAll(async () => {
    context = await createStoreTestContext([CommentBodyClaimStore]);
    claims = context.get(CommentBodyClaimStore);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  /** Runs the claim as the comment INSERT does: one row when claimed, none for a duplicate. */
  const claim = async (userId: string, articleId: string, body: string) =>
    (
      await prisma.$queryRaw<unknown[]>`WITH claimed AS (${claims.claimSql({
        userId,
        articleId,
        bodyHash: Buffer.from(body).toString('hex'),
      })}) SELECT * FROM claimed`
    ).length === 1;

  it('claims a text once within the window and again once the claim is older than it', async () => {
    const userId = (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
    const articleId = `a-${randomUUID()}`;
    expect(await claim(userId, articleId, 'same')).toBe(true);
    expect(await claim(userId, articleId, 'same')).toBe(false);
    expect(await claim(userId, articleId, 'other')).toBe(true);
    await prisma.commentBodyClaim.updateMany({
      where: { userId },
      data: { createdAt: new Date(Date.now() - (DUPLICATE_WINDOW_MINUTES + 1) * 60_000) },
    });
    expect(await claim(userId, articleId, 'same')).toBe(true);
  });

  it('purges only the claims older than the window', async () => {
    const userId = (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
    const articleId = `a-${randomUUID()}`;
    await claim(userId, articleId, 'old');
    await prisma.commentBodyClaim.updateMany({
      where: { userId },
      data: { createdAt: new Date(Date.now() - (DUPLICATE_WINDOW_MINUTES + 1) * 60_000) },
    });
    await claim(userId, articleId, 'new');
    expect(await claims.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await prisma.commentBodyClaim.findMany({ where: { userId } });
    expect(left.map((row) => Buffer.from(row.bodyHash).toString())).toEqual(['new']);
  });
});
