import type { INestApplicationContext } from '@nestjs/common';
import { CommentStatus, PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { ReplyNoticeStore } from './reply-notice.store';

describe(ReplyNoticeStore.name, () => {
  let context: INestApplicationContext;
  let prisma: PrismaService;
  let store: ReplyNoticeStore;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([ReplyNoticeStore]);
    prisma = context.get(PrismaService);
    store = context.get(ReplyNoticeStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  /** A reader's comment on a fresh article, and a writer who answers it. */
  async function thread() {
    const [reader, writer] = await Promise.all([
      prisma.user.create({ data: {} }),
      prisma.user.create({ data: {} }),
    ]);
    const article = await prisma.article.create({
      data: { id: `notice-${randomUUID()}`, title: 'T' },
    });
    const parent = await prisma.comment.create({
      data: { articleId: article.id, authorId: reader.id, body: 'parent', status: 'visible' },
    });
    const reply = async (body: string, status: CommentStatus = 'visible') => {
      const row = await prisma.comment.create({
        data: {
          articleId: article.id,
          authorId: writer.id,
          parentId: parent.id,
          depth: 1,
          body,
          status,
        },
      });
      await transactions.run((tx) =>
        store.record(tx, { replyId: row.id, recipientId: reader.id, articleId: article.id }),
      );
      return row;
    };
    const message = async () =>
      (
        await prisma.outboxMessage.create({
          data: { channel: 'notification', kind: 'reply', payload: {} },
        })
      ).id;
    const claim = (mailId: string, deliverable = true) =>
      store.claim(mailId, reader.id, article.id, deliverable);
    return { reader, writer, article, reply, message, claim };
  }

  it('never lets two concurrent claims take the same notice', async () => {
    const t = await thread();
    for (let round = 0; round < 5; round += 1) {
      const replies = [];
      for (let i = 0; i < 10; i += 1) replies.push(await t.reply(`round ${round} reply ${i}`));
      const [a, b] = await Promise.all([t.message(), t.message()]);
      const [takenByA, takenByB] = await Promise.all([t.claim(a), t.claim(b)]);
      const ids = [...takenByA, ...takenByB].map((reply) => reply.id);
      expect(ids.sort()).toEqual(replies.map((reply) => reply.id).sort());
    }
  });

  it('gives a retry of a message its own notices again and what arrived since, and no other message any of them', async () => {
    const t = await thread();
    const first = await t.reply('first');
    const mail = await t.message();
    expect((await t.claim(mail)).map((reply) => reply.body)).toEqual(['first']);
    await t.reply('second');
    const retried = await t.claim(mail);
    expect(retried.map((reply) => reply.body)).toEqual(['first', 'second']);
    expect(retried[0]).toEqual({
      id: first.id,
      authorId: t.writer.id,
      body: 'first',
      createdAt: first.createdAt,
    });
    expect(await t.claim(await t.message())).toEqual([]);
  });

  it('takes replies no longer visible as skipped, and all of them for a reader who takes no mail', async () => {
    const t = await thread();
    await t.reply('held', 'pending');
    const removed = await t.reply('removed later');
    await prisma.comment.update({ where: { id: removed.id }, data: { status: 'removed' } });
    await t.reply('shown');
    expect((await t.claim(await t.message())).map((reply) => reply.body)).toEqual(['shown']);

    await t.reply('unwanted');
    expect(await t.claim(await t.message(), false)).toEqual([]);
    expect(await t.claim(await t.message())).toEqual([]);
    const notices = await prisma.replyNotice.findMany({ where: { recipientId: t.reader.id } });
    expect(notices.map((notice) => notice.skipped).sort()).toEqual([false, true, true, true]);
  });

  it('records a reply once however often it is recorded', async () => {
    const t = await thread();
    const reply = await t.reply('once');
    await transactions.run((tx) =>
      store.record(tx, { replyId: reply.id, recipientId: t.reader.id, articleId: t.article.id }),
    );
    expect(await t.claim(await t.message())).toHaveLength(1);
  });

  it('forgets the notices an account receives and those its replies caused', async () => {
    const received = await thread();
    await received.reply('to the reader');
    const caused = await thread();
    await caused.reply('by the writer');
    await transactions.run((tx) => store.forgetUser(tx, received.reader.id));
    await transactions.run((tx) => store.forgetUser(tx, caused.writer.id));
    const left = await prisma.replyNotice.count({
      where: { recipientId: { in: [received.reader.id, caused.reader.id] } },
    });
    expect(left).toBe(0);
  });

  it('purges taken notices older than the cutoff, never waiting ones', async () => {
    const t = await thread();
    await t.reply('taken');
    await t.claim(await t.message());
    await t.reply('waiting');
    await prisma.replyNotice.updateMany({
      where: { recipientId: t.reader.id },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    // The count bounds and reports each batch (purgeInBatches stops on a short one).
    expect(await store.purgeTakenBefore(new Date(), 1)).toBe(1);
    await store.purgeTakenBefore(new Date(), 1_000);
    const left = await prisma.replyNotice.findMany({ where: { recipientId: t.reader.id } });
    expect(left.map((notice) => notice.mailId)).toEqual([null]);
  });

  it('goes with the message that took it', async () => {
    const t = await thread();
    await t.reply('mailed');
    const mail = await t.message();
    await t.claim(mail);
    await prisma.outboxMessage.delete({ where: { id: mail } });
    expect(await prisma.replyNotice.count({ where: { recipientId: t.reader.id } })).toBe(0);
  });
});
