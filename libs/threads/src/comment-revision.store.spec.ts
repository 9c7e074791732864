import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { CommentRevisionStore } from './comment-revision.store';

describe(CommentRevisionStore.name, () => {
  let context: INestApplicationContext;
  let revisions: CommentRevisionStore;
  let prisma: PrismaService;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([CommentRevisionStore]);
    revisions = context.get(CommentRevisionStore);
    prisma = context.get(PrismaService);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  const comment = async () => {
    const authorId = (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
    const article = await prisma.article.create({ data: { id: `a-${randomUUID()}`, title: 'S' } });
    return (
      await prisma.comment.create({
        data: { articleId: article.id, authorId, body: 'b', status: 'visible' },
      })
    ).id;
  };
  const texts = async (id: string) =>
    ((await revisions.listOf([id])).get(id) ?? []).map((revision) => revision.body);

  it('keeps the newest `kept` earlier texts of a comment, oldest first', async () => {
    const id = await comment();
    for (const body of ['v1', 'v2', 'v3', 'v4'])
      await transactions.run((tx) => revisions.keep(tx, id, body, 2));
    expect(await texts(id)).toEqual(['v3', 'v4']);
  });

  it('trims what edits could not (a lower cap than the one kept under)', async () => {
    const id = await comment();
    for (const body of ['v1', 'v2', 'v3'])
      await transactions.run((tx) => revisions.keep(tx, id, body, 10));
    expect(await revisions.purgeBeyond(1)).toBeGreaterThanOrEqual(2);
    expect(await texts(id)).toEqual(['v3']);
    await transactions.run((tx) => revisions.deleteAllOf(tx, [id]));
    expect(await texts(id)).toEqual([]);
  });
});
