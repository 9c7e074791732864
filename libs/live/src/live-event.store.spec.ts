import type { INestApplicationContext } from '@nestjs/common';
import { createStoreTestContext, testDatabasePoolSize } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { LiveEventStore } from './live-event.store';
import { PostgresLiveTransport } from './postgres-live-transport';

// LISTEN/NOTIFY carries events between instances on a server; the embedded server (PGlite, one
// session) serves one process, which needs none.
const itOnServer = testDatabasePoolSize() > 1 ? it : it.skip;

describe(LiveEventStore.name, () => {
  let context: INestApplicationContext;
  let store: LiveEventStore;

  beforeAll(async () => {
    context = await createStoreTestContext([LiveEventStore]);
    store = context.get(LiveEventStore);
  });
  afterAll(() => context.close());

  const article = () => `live-${randomUUID()}`;
  const events = (n: number, tag = 'e') =>
    Array.from({ length: n }, (_, i) => ({ event: 'comment', data: { tag, i } }));

  it('gives each article its own ids, from 1, in append order', async () => {
    const [a, b] = [article(), article()];
    await store.append(a, events(2), false);
    await store.append(b, events(1), false);
    await store.append(a, events(1, 'later'), false);
    const read = await store.readAfter(a, '0', 10);
    expect(read.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(JSON.parse(read[2].data)).toEqual({ tag: 'later', i: 0 });
    expect((await store.readAfter(b, '0', 10)).map((e) => e.id)).toEqual(['1']);
    expect(await store.readAfter(a, '2', 10)).toHaveLength(1);
    expect(await store.readAfter(a, '0', 2)).toHaveLength(2);
  });

  it('gives concurrent appends distinct, gapless ids', async () => {
    const a = article();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append(a, events(2, `p${i}`), false)),
    );
    const ids = (await store.readAfter(a, '0', 100)).map((e) => Number(e.id));
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('through the transport: concurrent appends of one article in call order, fewer statements', async () => {
    const a = article();
    const transport = new PostgresLiveTransport(store, false);
    const statements = jest.spyOn(store, 'append');
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => transport.append(a, events(2, `p${i}`))),
      );
      const read = await store.readAfter(a, '0', 100);
      expect(read.map((e) => Number(e.id))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(read.map((e) => (JSON.parse(e.data) as { tag: string }).tag)).toEqual(
        Array.from({ length: 20 }, (_, i) => [`p${i}`, `p${i}`]).flat(),
      );
      // The first goes at once; the other 19 arrived while it was in flight: one more statement.
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });

  it('tells the last id given and the first kept', async () => {
    const a = article();
    expect(await store.bounds(a)).toEqual({ last: '0', first: null });
    await store.append(a, events(3), false);
    expect(await store.bounds(a)).toEqual({ last: '3', first: '1' });
  });

  it('purges events older than the cutoff, keeping the counter', async () => {
    const a = article();
    await store.append(a, events(3), false);
    // Other suites append to the same table meanwhile: purge in batches until a batch comes up short.
    const cutoff = new Date(Date.now() + 60_000);
    let purged = 0;
    for (let batch = 1_000; batch === 1_000; purged += batch)
      batch = await store.purgeBefore(cutoff, 1_000);
    expect(purged).toBeGreaterThanOrEqual(3);
    expect(await store.bounds(a)).toEqual({ last: '3', first: null });
    await store.append(a, events(1), false);
    expect((await store.readAfter(a, '0', 10)).map((e) => e.id)).toEqual(['4']);
  });

  itOnServer('announces appended articles to LISTENers, after commit', async () => {
    const a = article();
    const heard: string[] = [];
    const listener = await store.listen(
      (id) => heard.push(id),
      () => undefined,
    );
    try {
      await store.append(a, events(1), true);
      const deadline = Date.now() + 3000;
      while (!heard.includes(a) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toContain(a);
    } finally {
      await listener.close();
    }
  });
});
