import { PrismaService } from '@parley/database';
import { testDatabasePoolSize } from '@parley/testing';
// This spec drives the store directly to stage the deadlock.
import { CommentStore } from '@parley/threads';
import { registerAccount, registerStaff } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

// One connection (the embedded server) runs transactions one after the other: no deadlock there.
const itWithConcurrentConnections = testDatabasePoolSize() > 1 ? it : it.skip;

describe('comment changes that deadlock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  itWithConcurrentConnections(
    'are run again when PostgreSQL aborts one of them, and both land',
    async () => {
      const staff = await registerStaff(t);
      const author = await registerAccount(t);
      const prisma = t.app.get(PrismaService);
      await prisma.complimentaryGrant.create({ data: { userId: author.id, grantedBy: staff.id } });
      const articleId = await createArticle(t, staff);
      const x = (await postComment(t, author, articleId, 'first')).id;
      const y = (await postComment(t, author, articleId, 'second')).id;
      const store = t.app.get(CommentStore);

      // Each holds one row and then wants the other's: a deadlock on the first attempts.
      let attempts = 0;
      let firstLocks = 0;
      let release = (): void => undefined;
      const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
      const crossing = (first: string, second: string, likes: number) =>
        store.transaction(async (tx) => {
          attempts += 1;
          await tx.$executeRaw`UPDATE comments SET like_count = like_count + ${likes} WHERE id = ${first}::uuid`;
          firstLocks += 1;
          if (firstLocks === 2) release();
          await bothHoldOne;
          await tx.$executeRaw`UPDATE comments SET like_count = like_count + ${likes} WHERE id = ${second}::uuid`;
        });
      await Promise.all([crossing(x, y, 1), crossing(y, x, 10)]);

      expect(attempts).toBe(3);
      const rows = await prisma.comment.findMany({
        where: { id: { in: [x, y] } },
        select: { likeCount: true },
      });
      // Each transaction applied exactly once: 1 + 10 on both rows.
      expect(rows.map((row) => row.likeCount)).toEqual([11, 11]);
    },
    15_000,
  );
});
