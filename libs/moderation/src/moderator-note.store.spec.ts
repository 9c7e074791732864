import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { ModeratorNoteStore } from './moderator-note.store';

describe(ModeratorNoteStore.name, () => {
  let context: INestApplicationContext;
  let notes: ModeratorNoteStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;
  beforeAll(async () => {
    context = await createStoreTestContext([ModeratorNoteStore]);
    notes = context.get(ModeratorNoteStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const user = async () => (await prisma.user.create({ data: {} })).id;
  const add = (subjectId: string, authorId: string, body: string) =>
    transactions.run((tx) => notes.add(tx, { subjectId, authorId, body }));

  it('lists the newest notes about a user first, with how many there are in all', async () => {
    const [subject, other, moderator] = [await user(), await user(), await user()];
    const first = await add(subject, moderator, 'first');
    const second = await add(subject, moderator, 'second');
    const third = await add(subject, moderator, 'third');
    await add(other, moderator, 'about someone else');

    const page = await notes.listAbout(subject, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((note) => note.id)).toEqual([third.id, second.id]);
    expect(page.items[0]).toEqual({
      id: third.id,
      subjectId: subject,
      authorId: moderator,
      body: 'third',
      createdAt: third.createdAt,
    });
    expect((await notes.listAbout(subject, 50)).items.at(-1)?.id).toBe(first.id);
    expect(await notes.listAbout(await user(), 50)).toEqual({ items: [], total: 0 });
  });

  it('deletes the notes about a user, and only those', async () => {
    const [subject, other, moderator] = [await user(), await user(), await user()];
    await add(subject, moderator, 'one');
    await add(subject, other, 'two');
    await add(other, subject, 'written by the subject');
    expect(await notes.deleteAbout(subject)).toBe(2);
    expect(await notes.deleteAbout(subject)).toBe(0);
    expect((await notes.listAbout(other, 50)).total).toBe(1);
  });

  it('refuses what the database guards: an empty or oversize body, an unknown user', async () => {
    const [subject, moderator] = [await user(), await user()];
    await expect(add(subject, moderator, '')).rejects.toThrow();
    await expect(add(subject, moderator, 'x'.repeat(2001))).rejects.toThrow();
    await expect(add('00000000-0000-4000-8000-000000000000', moderator, 'x')).rejects.toThrow();
    expect((await notes.listAbout(subject, 50)).total).toBe(0);
  });
});
