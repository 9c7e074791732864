import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext, testDatabasePoolSize } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { OutboxStore } from './outbox.store';

describe(OutboxStore.name, () => {
  let context: INestApplicationContext;
  let prisma: PrismaService;
  let store: OutboxStore;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    context = await createStoreTestContext([OutboxStore]);
    prisma = context.get(PrismaService);
    store = context.get(OutboxStore);
    transactions = context.get(TransactionRunner);
  });
  afterAll(() => context.close());

  // Each test has a channel of its own, so that no other message of the database is claimed.
  const channel = () => `test-${randomUUID()}`;
  const worker = () => randomUUID();
  const queue = (db: Parameters<OutboxStore['enqueue']>[0], on: string, key: string, n: number) =>
    store.enqueue(db, {
      channel: on,
      kind: 'k',
      payload: { n },
      dedupeKey: key,
      spacingSeconds: 3600,
    });

  it('folds a message into the waiting one of its key, and queues the next after the spacing once that one is claimed', async () => {
    const on = channel();
    const key = `key-${randomUUID()}`;
    await queue(prisma, on, key, 1);
    await queue(prisma, on, key, 2);
    const [claimed] = await store.claim(worker(), [on], 10, 60);
    expect(claimed).toMatchObject({ channel: on, kind: 'k', payload: { n: 1 }, dedupeKey: key });
    expect(claimed.attempts).toBe(1);
    await queue(prisma, on, key, 3);
    const rows = await prisma.outboxMessage.findMany({
      where: { channel: on },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => (row.payload as { n: number }).n)).toEqual([1, 3]);
    expect(rows[1].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('tells how long until the message carrying this one may be claimed', async () => {
    const on = channel();
    const key = `key-${randomUUID()}`;
    const later = (n: number) =>
      store.enqueue(prisma, {
        channel: on,
        kind: 'k',
        payload: { n },
        dedupeKey: key,
        notBefore: new Date(Date.now() + 60_000),
      });
    const first = await later(1);
    expect(first).toBeGreaterThan(55_000);
    // Folded: the waiting message's time, not a new one's.
    const folded = await later(2);
    expect(folded).toBeLessThanOrEqual(first as number);
    expect(folded).toBeGreaterThan(50_000);
    // Without a key nothing folds: the new message's own time (due at once).
    const plain = await store.enqueue(prisma, { channel: on, kind: 'k', payload: { n: 3 } });
    expect(plain).toBeLessThan(1); // next_attempt_at keeps milliseconds: now() may round up
  });

  // Needs two connections: on the one-connection embedded server the claim would wait for the
  // open transaction on the same connection.
  (testDatabasePoolSize() > 1 ? it : it.skip)(
    'does not claim a waiting message while a transaction that folded into it is open',
    async () => {
      const on = channel();
      const key = `key-${randomUUID()}`;
      await queue(prisma, on, key, 1);
      let commit!: () => void;
      let folded!: () => void;
      const foldedYet = new Promise<void>((resolve) => (folded = resolve));
      const open = transactions.run(async (tx) => {
        await queue(tx, on, key, 2);
        folded();
        await new Promise<void>((resolve) => (commit = resolve));
      });
      await foldedYet;
      expect(await store.claim(worker(), [on], 10, 60)).toEqual([]);
      commit();
      await open;
      expect(await store.claim(worker(), [on], 10, 60)).toHaveLength(1);
    },
  );

  it('gives a message to one of two concurrent claims', async () => {
    const on = channel();
    for (let n = 0; n < 10; n += 1)
      await store.enqueue(prisma, { channel: on, kind: 'k', payload: { n } });
    const [a, b] = await Promise.all([
      store.claim(worker(), [on], 10, 60),
      store.claim(worker(), [on], 10, 60),
    ]);
    expect([...a, ...b].map((message) => message.payload.n).sort()).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  describe('with a limit per subject', () => {
    const queueFor = async (on: string, subjectId: string | null, count: number) => {
      for (let n = 0; n < count; n += 1)
        await store.enqueue(prisma, { channel: on, kind: 'k', payload: { n }, subjectId });
    };
    const subjectsOf = (claimed: { subjectId: string | null }[]) =>
      claimed.map((message) => message.subjectId ?? 'none').sort();

    it('claims of each subject only the room it has left; messages without a subject are not limited', async () => {
      const on = channel();
      const [a, b] = [randomUUID(), randomUUID()];
      await queueFor(on, a, 5);
      await queueFor(on, b, 3);
      await queueFor(on, null, 2);
      const claimed = await store.claim(worker(), [on], 10, 60, {
        limit: 2,
        busy: new Map([[a, 1]]),
      });
      expect(subjectsOf(claimed)).toEqual([a, b, b, 'none', 'none'].sort());
    });

    it('passes over the due rows of a subject at its limit, however many come first', async () => {
      const on = channel();
      const [full, other] = [randomUUID(), randomUUID()];
      await queueFor(on, full, 6);
      await queueFor(on, other, 2);
      await queueFor(on, null, 1);
      const claimed = await store.claim(worker(), [on], 3, 60, {
        limit: 2,
        busy: new Map([[full, 2]]),
      });
      expect(subjectsOf(claimed)).toEqual([other, other, 'none'].sort());
      expect(
        await prisma.outboxMessage.count({ where: { subjectId: full, claimedBy: null } }),
      ).toBe(6);
    });

    it('gives a message to one of two concurrent claims', async () => {
      const on = channel();
      const subjects = [randomUUID(), randomUUID(), randomUUID()];
      for (const subject of subjects) await queueFor(on, subject, 4);
      const limit = { limit: 2, busy: new Map<string, number>() };
      const [x, y] = await Promise.all([
        store.claim(worker(), [on], 10, 60, limit),
        store.claim(worker(), [on], 10, 60, limit),
      ]);
      const ids = [...x, ...y].map((message) => message.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Each claim keeps each subject to 2: together at most 4 of a subject.
      for (const claimed of [x, y])
        for (const subject of subjects)
          expect(claimed.filter((m) => m.subjectId === subject).length).toBeLessThanOrEqual(2);
    });
  });

  it('forgets every message of an account, waiting or handled', async () => {
    const on = channel();
    const user = await prisma.user.create({ data: {} });
    for (let n = 0; n < 2; n += 1)
      await store.enqueue(prisma, { channel: on, kind: 'k', userId: user.id, payload: { n } });
    const id = worker();
    const [first] = await store.claim(id, [on], 1, 60);
    expect(await store.markSent(first.id, id)).toBe(true);
    await transactions.run((tx) => store.forgetUser(tx, user.id));
    expect(await prisma.outboxMessage.count({ where: { userId: user.id } })).toBe(0);
  });

  it('purges handled messages queued before the cutoff, never a waiting one', async () => {
    const on = channel();
    for (let n = 0; n < 3; n += 1)
      await store.enqueue(prisma, { channel: on, kind: 'k', payload: { n } });
    const id = worker();
    const [sent, failed] = await store.claim(id, [on], 2, 60);
    await store.markSent(sent.id, id);
    await store.markFailed(failed.id, id, 'refused');
    const ours = { channel: on };
    const before = new Date(Date.now() - 60_000);
    // Other suites' old rows may go with this batch; ours, all queued just now, must stay.
    await store.purgeFinishedBefore(before, 10);
    expect(await prisma.outboxMessage.count({ where: ours })).toBe(3);

    const later = new Date(Date.now() + 60_000);
    let purged = 0;
    for (let batch; (batch = await store.purgeFinishedBefore(later, 1)) > 0;) purged += batch;
    expect(purged).toBeGreaterThanOrEqual(2);
    const left = await prisma.outboxMessage.findMany({ where: ours });
    expect(left.map((message) => message.state)).toEqual(['pending']);
  });
});
