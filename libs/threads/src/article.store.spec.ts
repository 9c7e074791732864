import type { INestApplicationContext } from '@nestjs/common';
import { AuditLogStore } from '@parley/audit';
import { Prisma, PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext, testDatabasePoolSize } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { OutboxStore } from '@parley/outbox';
import { ArticleChangeNotices } from './article-change-notices.service';
import { ArticleVersions } from './article-versions.service';
import { ArticleStore } from './article.store';
import { ArticlesService } from './articles.service';

// One connection (the embedded server) runs transactions one after the other.
const itWithConcurrentConnections = testDatabasePoolSize() > 1 ? it : it.skip;

describe(ArticleStore.name, () => {
  let context: INestApplicationContext;
  let store: ArticleStore;
  let transactions: TransactionRunner;
  let prisma: PrismaService;

  beforeAll(async () => {
    // The store (and the service that audits through it) on this worker's test database.
    context = await createStoreTestContext([
      ArticleStore,
      ArticlesService,
      ArticleVersions,
      ArticleChangeNotices,
      OutboxStore,
      AuditLogStore,
    ]);
    store = context.get(ArticleStore);
    transactions = context.get(TransactionRunner);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const newId = () => `store-spec/${randomUUID()}`;

  it('creates an article once: a second create finds it there and writes nothing', async () => {
    const id = newId();
    const created = await transactions.run((tx) => store.create(tx, id, { title: 'First' }));
    expect(created).toMatchObject({ id, title: 'First', state: 'open', commentCount: 0 });
    expect(await transactions.run((tx) => store.create(tx, id, { title: 'Second' }))).toBeNull();
    expect((await store.find(id))!.title).toBe('First');
  });

  it('keeps omitted optional fields on update', async () => {
    const id = newId();
    await transactions.run((tx) =>
      store.create(tx, id, { title: 'T', url: 'https://x.example', moderation: 'pre' }),
    );
    const updated = await transactions.run((tx) => store.update(tx, id, { title: 'T2' }));
    expect(updated).toMatchObject({ title: 'T2', url: 'https://x.example', moderation: 'pre' });
  });

  it('sums the shards of the comment count, and counts only known articles', async () => {
    const [a, b] = [newId(), newId()];
    await transactions.run(async (tx) => {
      await store.create(tx, a, { title: 'A' });
      await store.create(tx, b, { title: 'B' });
    });
    for (const n of [3, -1, 2])
      await transactions.run((tx) => store.addToCommentCounts(tx, new Map([[a, n]])));
    expect((await store.find(a))!.commentCount).toBe(4);
    const counts = await store.counts([a, b, newId()]);
    expect(new Map(counts.map((row) => [row.id, row.commentCount]))).toEqual(
      new Map([
        [a, 4],
        [b, 0],
      ]),
    );
  });

  it('reads extras with the article, and without one: an unknown id, NULL, or a subquery', async () => {
    const id = newId();
    await transactions.run((tx) => store.create(tx, id, { title: 'With' }));
    const extras = { answer: Prisma.sql`(SELECT 42)`, named: Prisma.sql`${'x'}::text` };
    const found = await store.findWith(id, extras);
    expect(found).toEqual({ article: await store.find(id), extras: { answer: 42, named: 'x' } });
    for (const missing of [newId(), null, Prisma.sql`(SELECT NULL::text)`])
      expect(await store.findWith(missing, extras)).toEqual({
        article: null,
        extras: { answer: 42, named: 'x' },
      });
    expect((await store.findWith(Prisma.sql`(SELECT ${id}::text)`, extras)).article).toEqual(
      await store.find(id),
    );
    await expect(store.findWith(id, { 'bad name': Prisma.sql`1` })).rejects.toThrow(
      'Extra column name',
    );
  });

  itWithConcurrentConnections(
    'serialises racing PUTs on the locked row, so a state change is audited once',
    async () => {
      const articles = context.get(ArticlesService);
      const id = newId();
      const actorId = (await prisma.user.create({ data: { displayName: 'Editor' } })).id;
      await articles.upsert(actorId, id, { title: 'Open' });
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          articles.upsert(actorId, id, { title: 'Closed', state: 'closed' }),
        ),
      );
      expect(results.map((result) => result.article.state)).toEqual(Array(4).fill('closed'));
      const entries = await prisma.moderationAction.findMany({
        where: { targetType: 'article', targetId: id },
      });
      expect(entries.map((entry) => entry.metadata)).toEqual([
        { created: false, state: { from: 'open', to: 'closed' } },
      ]);
    },
  );
});
