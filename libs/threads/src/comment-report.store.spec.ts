import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { CommentReportStore } from './comment-report.store';

describe(CommentReportStore.name, () => {
  let context: INestApplicationContext;
  let reports: CommentReportStore;
  let prisma: PrismaService;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([CommentReportStore]);
    reports = context.get(CommentReportStore);
    prisma = context.get(PrismaService);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  const user = async () => (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
  const comment = async () => {
    const authorId = await user();
    const article = await prisma.article.create({ data: { id: `a-${randomUUID()}`, title: 'S' } });
    return (
      await prisma.comment.create({
        data: { articleId: article.id, authorId, body: 'b', status: 'visible' },
      })
    ).id;
  };
  const counters = (id: string) =>
    prisma.comment.findUniqueOrThrow({
      where: { id },
      select: { openReportCount: true, reportedAt: true },
    });

  it('takes one report per reporter and comment, counting it once even when it races', async () => {
    const [commentId, reporterId] = await Promise.all([comment(), user()]);
    const report = { commentId, reporterId, reason: 'spam' as const, note: 'ads' };
    const added = await Promise.all(Array.from({ length: 4 }, () => reports.add(report)));
    expect(added.filter(Boolean)).toHaveLength(1);
    expect((await counters(commentId)).openReportCount).toBe(1);
    expect(await reports.get(commentId, reporterId)).toMatchObject({ reason: 'spam', note: 'ads' });
  });

  it('resolves open reports and clears their counters in one call, once', async () => {
    const [commentId, a, b] = await Promise.all([comment(), user(), user()]);
    await reports.add({ commentId, reporterId: a, reason: 'spam', note: null });
    await reports.add({ commentId, reporterId: b, reason: 'abuse', note: 'rude' });
    const open = (await reports.openOf([commentId])).get(commentId)!;
    expect(open.reportCounts).toEqual({ spam: 1, abuse: 1, off_topic: 0, other: 0 });
    expect(open.latestNotes.map((note) => note.note)).toEqual(['rude']);

    expect(await transactions.run((tx) => reports.resolveOpen([commentId], tx))).toBe(2);
    expect(await counters(commentId)).toEqual({ openReportCount: 0, reportedAt: null });
    expect(await transactions.run((tx) => reports.resolveOpen([commentId], tx))).toBe(0);
    expect((await reports.openOf([commentId])).get(commentId)!.latestNotes).toEqual([]);
  });

  it("counts the reports a user made and those on the user's comments, open or resolved", async () => {
    const [mine, theirs] = [await comment(), await comment()];
    const { authorId: subject } = await prisma.comment.findUniqueOrThrow({ where: { id: mine } });
    const [a, b] = [await user(), await user()];
    await reports.add({ commentId: mine, reporterId: a, reason: 'spam', note: null });
    await reports.add({ commentId: mine, reporterId: b, reason: 'abuse', note: null });
    await reports.add({ commentId: theirs, reporterId: subject, reason: 'other', note: null });
    await transactions.run((tx) => reports.resolveOpen([mine], tx));
    expect(await reports.countsAbout(subject)).toEqual({ made: 1, received: 2 });
    expect(await reports.countsAbout(a)).toEqual({ made: 1, received: 0 });
    expect(await reports.countsAbout(await user())).toEqual({ made: 0, received: 0 });
  });
});
