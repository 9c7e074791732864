import type { INestApplicationContext } from '@nestjs/common';
import { Prisma, SqlClient } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { ArticleChangeNotices, articleCacheKey } from './article-change-notices.service';

describe(ArticleChangeNotices.name, () => {
  let context: INestApplicationContext;
  let notices: ArticleChangeNotices;
  let outbox: OutboxStore;
  let sql: SqlClient;

  beforeAll(async () => {
    context = await createStoreTestContext([ArticleChangeNotices, OutboxStore], {
      CDN_PURGE_URL: 'http://127.0.0.1:9/purge/{key}',
    });
    notices = context.get(ArticleChangeNotices);
    outbox = context.get(OutboxStore);
    sql = context.get(SqlClient);
  });
  afterAll(() => context.close());

  const pendingOf = async (articleId: string) =>
    (
      await sql.query<{ dedupeKey: string }>(Prisma.sql`
        SELECT dedupe_key AS "dedupeKey" FROM outbox_messages
        WHERE dedupe_key LIKE ${`%:${articleCacheKey(articleId)}`} AND state = 'pending'
        ORDER BY dedupe_key`)
    ).map((row) => row.dedupeKey);

  it('queues one purge and one article.changed for a burst of changes, written once', async () => {
    const articleId = `burst-${randomUUID()}`;
    const enqueue = jest.spyOn(outbox, 'enqueueAlone');
    try {
      await Promise.all(Array.from({ length: 20 }, () => notices.changed([articleId])));
      // The first change writes both; the other 19 waited for it and found themselves covered.
      expect(enqueue).toHaveBeenCalledTimes(2);
    } finally {
      enqueue.mockRestore();
    }
    expect(await pendingOf(articleId)).toEqual([
      `article-changed:${articleCacheKey(articleId)}`,
      `cdn-purge:${articleCacheKey(articleId)}`,
    ]);
  });

  it('writes again when the write in flight failed, and never throws', async () => {
    const articleId = `retry-${randomUUID()}`;
    const enqueue = jest
      .spyOn(outbox, 'enqueueAlone')
      .mockRejectedValueOnce(new Error('database away'));
    try {
      await Promise.all([notices.changed([articleId]), notices.changed([articleId])]);
      // The first failed (its first message); the second, having waited, wrote both again.
      expect(enqueue).toHaveBeenCalledTimes(4);
    } finally {
      enqueue.mockRestore();
    }
    expect(await pendingOf(articleId)).toHaveLength(2);
  });

  it('lets the changes arriving during a write share one next write when nothing covers them', async () => {
    const articleId = `due-${randomUUID()}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Every message is due at once (0 ms), so no write covers the next change.
    const enqueue = jest
      .spyOn(outbox, 'enqueueAlone')
      .mockImplementationOnce(() => held.then(() => 0))
      .mockImplementation(() => Promise.resolve(0));
    try {
      const first = notices.changed([articleId]);
      const during = Array.from({ length: 10 }, () => notices.changed([articleId]));
      expect(enqueue).toHaveBeenCalledTimes(2);
      release();
      await Promise.all([first, ...during]);
      // The first write's two messages, then one write of two for the ten that waited.
      expect(enqueue).toHaveBeenCalledTimes(4);
      await notices.changed([articleId]);
      expect(enqueue).toHaveBeenCalledTimes(6);
    } finally {
      enqueue.mockRestore();
    }
  });
});
