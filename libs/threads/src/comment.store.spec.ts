import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService, TransactionRunner } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { ArticleStore } from './article.store';
import { CommentBodyClaimStore } from './comment-body-claim.store';
import { CommentIdempotencyKeyStore } from './comment-idempotency-key.store';
import { CommentLikeStore } from './comment-like.store';
import type { NewCommentRow } from './comment-record';
import { CommentStore } from './comment.store';

describe(CommentStore.name, () => {
  let moduleRef: INestApplicationContext;
  let store: CommentStore;
  let articles: ArticleStore;
  let keys: CommentIdempotencyKeyStore;
  let prisma: PrismaService;
  let transactions: TransactionRunner;

  beforeAll(async () => {
    moduleRef = await createStoreTestContext([
      CommentStore,
      ArticleStore,
      CommentLikeStore,
      CommentBodyClaimStore,
      CommentIdempotencyKeyStore,
    ]);
    store = moduleRef.get(CommentStore);
    articles = moduleRef.get(ArticleStore);
    keys = moduleRef.get(CommentIdempotencyKeyStore);
    prisma = moduleRef.get(PrismaService);
    transactions = moduleRef.get(TransactionRunner);
  });
  afterAll(() => moduleRef.close());

  const user = async () => (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
  const article = async () =>
    (await prisma.article.create({ data: { id: `a-${randomUUID()}`, title: 'Story' } })).id;
  const row = (articleId: string, authorId: string, body: string): NewCommentRow => ({
    articleId,
    authorId,
    body,
    holdReason: null,
    score: null,
    bodyHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    parentId: null,
    repliedToId: null,
    depth: 0,
    status: 'visible',
    idempotency: null,
  });

  it('inserts a comment with its key and its count in one statement, and refuses a duplicate claim', async () => {
    const [articleId, authorId] = await Promise.all([article(), user()]);
    const first = row(articleId, authorId, 'Hello');
    const comment = await store.insert({
      ...first,
      idempotency: { key: 'k1', requestHash: 'h1' },
    });
    expect(comment).toMatchObject({ articleId, authorId, body: 'Hello', status: 'visible' });
    expect(await keys.find(authorId, 'k1')).toMatchObject({ commentId: comment!.id });
    expect((await articles.find(articleId))!.commentCount).toBe(1);

    // Same body hash within the window: nothing at all is written, not even the key.
    const again = await store.insert({ ...first, idempotency: { key: 'k2', requestHash: 'h2' } });
    expect(again).toBeNull();
    expect(await keys.find(authorId, 'k2')).toBeNull();
    expect((await articles.find(articleId))!.commentCount).toBe(1);
  });

  it('moves a status once: a second identical transition finds nothing to move', async () => {
    const [articleId, authorId] = await Promise.all([article(), user()]);
    const comment = (await store.insert(row(articleId, authorId, 'To remove')))!;
    const move = () =>
      transactions.run((tx) => store.transition({ id: comment.id }, ['visible'], 'removed', tx));
    const [moved] = await move();
    expect(moved).toMatchObject({ id: comment.id, status: 'removed', previous: 'visible' });
    expect(await move()).toEqual([]);
  });

  it('sets pinned only when it changes, returning the row it changed', async () => {
    const [articleId, authorId] = await Promise.all([article(), user()]);
    const comment = (await store.insert(row(articleId, authorId, 'Pin me')))!;
    const pin = () => transactions.run((tx) => store.setPinned(comment.id, true, tx));
    expect(await pin()).toMatchObject({ id: comment.id, pinned: true });
    expect(await pin()).toBeNull();
  });

  describe('a reply attached above the comment it answers (deeper than depth 3)', () => {
    it('answers the author of the comment it was posted to', async () => {
      const [articleId, shown, answered, replier] = await Promise.all([
        article(),
        user(),
        user(),
        user(),
      ]);
      const root = (await store.insert(row(articleId, shown, 'Root')))!;
      const deep = (await transactions.run((tx) =>
        store.insert({ ...row(articleId, answered, 'Deep'), parentId: root.id, depth: 1 }, tx),
      ))!;
      const reply = (await transactions.run((tx) =>
        store.insert(
          {
            ...row(articleId, replier, 'Answering Deep'),
            parentId: root.id,
            repliedToId: deep.id,
            depth: 1,
          },
          tx,
        ),
      ))!;
      const plain = (await transactions.run((tx) =>
        store.insert(
          { ...row(articleId, replier, 'Answering Root'), parentId: root.id, depth: 1 },
          tx,
        ),
      ))!;

      expect(await transactions.run((tx) => store.answeredAuthorId(reply.id, tx))).toBe(answered);
      expect(await transactions.run((tx) => store.answeredAuthorId(plain.id, tx))).toBe(shown);
    });
  });

  describe("an author's comments, for moderators", () => {
    it('counts them by status and pages them newest first in any status', async () => {
      const [articleId, authorId, other] = await Promise.all([article(), user(), user()]);
      const ids: string[] = [];
      for (const [i, status] of (['visible', 'pending', 'visible', 'removed'] as const).entries()) {
        const created = await prisma.comment.create({
          data: {
            articleId,
            authorId,
            body: `c${i}`,
            status,
            createdAt: new Date(Date.UTC(2030, 0, 1, 0, i)),
          },
        });
        ids.push(created.id);
      }
      await store.insert(row(articleId, other, 'Not theirs'));

      expect(await store.countByStatusOf(authorId)).toEqual({
        visible: 2,
        pending: 1,
        deleted: 0,
        removed: 1,
      });
      const first = await store.historyOf(authorId, undefined, 2);
      expect(first.map((c) => c.id)).toEqual([ids[3], ids[2], ids[1]]);
      const rest = await store.historyOf(authorId, { at: first[1].createdAt, id: first[1].id }, 2);
      expect(rest.map((c) => [c.id, c.status])).toEqual([
        [ids[1], 'pending'],
        [ids[0], 'visible'],
      ]);
      expect(await store.historyOf(await user(), undefined, 2)).toEqual([]);
    });
  });

  it('reads the posting facts in one statement, each part only when asked', async () => {
    const [articleId, other, authorId] = [await article(), await article(), await user()];
    const none = { approvedUpTo: 0, lastPost: false, recentUpTo: 0 };
    expect(await store.postingFacts(authorId, articleId, none)).toMatchObject({
      approvedCount: 0,
      lastPostAt: null,
      recentCount: 0,
    });
    const first = (await store.insert(row(articleId, authorId, 'One')))!;
    await store.insert({ ...row(articleId, authorId, 'Two'), status: 'pending' });
    await store.insert(row(other, authorId, 'Three'));
    const facts = await store.postingFacts(authorId, articleId, {
      approvedUpTo: 5,
      lastPost: true,
      recentUpTo: 10,
    });
    // Visible ones anywhere; the latest comment here (any status); this article's last minute.
    expect(facts.approvedCount).toBe(2);
    expect(facts.lastPostAt!.getTime()).toBeGreaterThanOrEqual(first.createdAt.getTime());
    expect(facts.recentCount).toBe(2);
    expect(facts.now).toBeInstanceOf(Date);
    const capped = await store.postingFacts(authorId, articleId, {
      approvedUpTo: 1,
      lastPost: false,
      recentUpTo: 1,
    });
    expect(capped).toMatchObject({ approvedCount: 1, lastPostAt: null, recentCount: 1 });
  });
});
