import { registerAccount, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModeratorToolsKit, UNKNOWN_ID } from './moderator-tools-kit';

describe('moderator tools: revisions, reinstating, bulk decisions, tenure in the queue', () => {
  let kit: ModeratorToolsKit;
  beforeAll(async () => {
    kit = await ModeratorToolsKit.create();
  });
  afterAll(() => kit.close());

  // null: anonymous (undefined would take the default).
  const revisions = (commentId: string, who: TestAccount | null = kit.moderator) =>
    kit.get(`/moderation/comments/${commentId}/revisions`, who ?? undefined);
  const reinstate = (
    commentId: string,
    body: unknown = {},
    who: TestAccount | null = kit.moderator,
  ) => kit.post(`/moderation/comments/${commentId}/reinstate`, who ?? undefined, body);
  const bulk = (body: unknown, who: TestAccount | null = kit.moderator) =>
    kit.post('/moderation/comments/bulk', who ?? undefined, body);
  const reject = (commentId: string, body: unknown = {}) =>
    kit.post(`/moderation/comments/${commentId}/reject`, kit.moderator, body).expect(200);
  const publicIds = async (articleId: string) =>
    (await kit.get(`/articles/${articleId}/comments`, undefined).expect(200)).body.items.map(
      (c: { id: string }) => c.id,
    );

  describe('access', () => {
    it('answers 401 anonymous and 403 to readers, and 404 comment_not_found for bad ids', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, kit.moderator, articleId);
      const reader = await registerAccount(kit.t);
      const ok = { action: 'approve', ids: [comment.id] };
      for (const [asReader, anonymous] of [
        [revisions(comment.id, reader), revisions(comment.id, null)],
        [reinstate(comment.id, {}, reader), reinstate(comment.id, {}, null)],
        [bulk(ok, reader), bulk(ok, null)],
      ]) {
        expect((await asReader.expect(403)).body.code).toBe('forbidden');
        expect((await anonymous.expect(401)).body.code).toBe('unauthenticated');
      }
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        expect((await revisions(id).expect(404)).body.code).toBe('comment_not_found');
        expect((await reinstate(id).expect(404)).body.code).toBe('comment_not_found');
      }
      expect(await kit.auditEntries(comment.id)).toEqual([]);
    });
  });

  describe('GET /moderation/comments/:commentId/revisions', () => {
    it("lists a comment's earlier texts oldest first; none for a comment never edited", async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, author, articleId, 'First text');
      const edit = (body: string) =>
        kit.t
          .http()
          .patch(`/api/v1/comments/${comment.id}`)
          .set(author.auth)
          .send({ body })
          .expect(200);
      await edit('Second text');
      await edit('Third text');
      const { body } = await revisions(comment.id, kit.admin).expect(200);
      expect(body.items.map((r: { body: string }) => r.body)).toEqual([
        'First text',
        'Second text',
      ]);
      expect(Date.parse(body.items[0].createdAt)).toBeLessThanOrEqual(
        Date.parse(body.items[1].createdAt),
      );
      const fresh = await postComment(kit.t, author, articleId);
      expect((await revisions(fresh.id).expect(200)).body).toEqual({ items: [] });
    });
  });

  describe('POST /moderation/comments/:commentId/reinstate', () => {
    it('makes a removed comment visible again, counted and listed, with one audit entry', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, author, articleId, 'Wrongly removed');
      await reject(comment.id, { code: 'spam' });
      expect(await kit.commentCount(articleId)).toBe(0);
      expect(await publicIds(articleId)).toEqual([]);

      const res = await reinstate(comment.id, { reason: 'not spam after all' }).expect(200);
      expect(res.body).toMatchObject({
        changed: true,
        comment: {
          id: comment.id,
          status: 'visible',
          body: 'Wrongly removed',
          author: { id: author.id, displayName: author.displayName },
        },
      });
      expect(await kit.commentCount(articleId)).toBe(1);
      expect(await publicIds(articleId)).toEqual([comment.id]);

      expect((await reinstate(comment.id).expect(200)).body).toMatchObject({
        changed: false,
        comment: { status: 'visible' },
      });
      const entries = await kit.auditEntries(comment.id);
      expect(entries.map((e) => e.action)).toEqual(['comment.reject', 'comment.reinstate']);
      expect(entries[1]).toMatchObject({
        actorId: kit.moderator.id,
        reason: 'not spam after all',
        metadata: { articleId, authorId: author.id, previousStatus: 'removed' },
      });
    });

    it("restores a reply's count on its parent", async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const parent = await postComment(kit.t, author, articleId);
      const reply = await postComment(kit.t, author, articleId, 'A reply', parent.id);
      const replyCount = async () =>
        (await kit.get(`/comments/${parent.id}`, undefined).expect(200)).body.replyCount;
      await reject(reply.id);
      expect(await replyCount()).toBe(0);
      await reinstate(reply.id).expect(200);
      expect(await replyCount()).toBe(1);
      expect(await kit.commentCount(articleId)).toBe(2);
    });

    it('refuses a pending or deleted comment with 409 conflict, and bad bodies with 400', async () => {
      const author = await kit.commenter();
      const held = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const pending = await postComment(kit.t, author, held);
      expect((await reinstate(pending.id).expect(409)).body.code).toBe('conflict');
      const open = await createArticle(kit.t, kit.moderator);
      const deleted = await postComment(kit.t, author, open);
      await kit.t.http().delete(`/api/v1/comments/${deleted.id}`).set(author.auth).expect(204);
      expect((await reinstate(deleted.id).expect(409)).body.code).toBe('conflict');
      const removed = await postComment(kit.t, author, open);
      await reject(removed.id);
      for (const body of [{ extra: 1 }, { reason: 'r'.repeat(501) }, { reason: 'nul\u0000' }]) {
        expect((await reinstate(removed.id, body).expect(400)).body.code).toBe('validation_failed');
      }
      expect((await kit.auditEntries(pending.id)).length).toBe(0);
      expect((await kit.auditEntries(removed.id)).map((e) => e.action)).toEqual(['comment.reject']);
    });

    it('changes once when reinstatements race', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, await kit.commenter(), articleId);
      await reject(comment.id);
      const results = await Promise.all(Array.from({ length: 6 }, () => reinstate(comment.id)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(results.filter((r) => r.body.changed)).toHaveLength(1);
      expect(await kit.commentCount(articleId)).toBe(1);
    });
  });

  describe('POST /moderation/comments/bulk', () => {
    it('approves each comment as the single route does and reports each id once', async () => {
      const author = await kit.commenter();
      const held = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const [a, b] = [
        await postComment(kit.t, author, held),
        await postComment(kit.t, author, held),
      ];
      const open = await createArticle(kit.t, kit.moderator);
      const visible = await postComment(kit.t, author, open);

      const res = await bulk({
        action: 'approve',
        ids: [b.id, a.id, UNKNOWN_ID, visible.id, a.id.toUpperCase(), b.id],
        reason: 'batch review',
      }).expect(200);
      expect(res.body).toEqual({
        results: [
          { id: b.id, changed: true, status: 'visible', error: null },
          { id: a.id, changed: true, status: 'visible', error: null },
          { id: UNKNOWN_ID, changed: false, status: null, error: 'comment_not_found' },
          { id: visible.id, changed: false, status: 'visible', error: null },
        ],
      });
      expect(await kit.commentCount(held)).toBe(2);
      for (const id of [a.id, b.id]) {
        const entries = await kit.auditEntries(id);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          action: 'comment.approve',
          actorId: kit.moderator.id,
          reason: 'batch review',
        });
      }
      expect(await kit.auditEntries(visible.id)).toEqual([]);
    });

    it('rejects with the reject codes of the single route', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const comments = [
        await postComment(kit.t, author, articleId),
        await postComment(kit.t, author, articleId),
      ];
      const res = await bulk({
        action: 'reject',
        ids: comments.map((c) => c.id),
        code: 'spam',
      }).expect(200);
      expect(res.body.results.map((r: { changed: boolean }) => r.changed)).toEqual([true, true]);
      expect(await kit.commentCount(articleId)).toBe(0);
      for (const comment of comments) {
        expect(await kit.auditEntries(comment.id)).toEqual([
          expect.objectContaining({ action: 'comment.reject', reasonCode: 'spam' }),
        ]);
      }
    });

    it('changes each comment once when two bulk rejections of the same ids race', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await postComment(kit.t, author, articleId)).id);
      const [first, second] = await Promise.all([
        bulk({ action: 'reject', ids, code: 'off_topic' }),
        bulk({ action: 'reject', ids: [...ids].reverse(), code: 'off_topic' }, kit.admin),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const changedOf = (results: { id: string; changed: boolean }[]) =>
        new Map(results.map((r) => [r.id, r.changed]));
      const [one, two] = [changedOf(first.body.results), changedOf(second.body.results)];
      for (const id of ids) {
        expect(Number(one.get(id)) + Number(two.get(id))).toBe(1);
        expect(await kit.auditEntries(id)).toHaveLength(1);
      }
      expect(await kit.commentCount(articleId)).toBe(0);
    });

    // 100 posts and 100 decisions: more than the default 15 s on a loaded 2-core machine.
    it('decides 100 comments in one call, each counted and audited', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const ids = await Promise.all(
        Array.from(
          { length: 100 },
          async (_, i) =>
            (await postComment(kit.t, author, articleId, `Held comment number ${i}`)).id,
        ),
      );
      const res = await bulk({ action: 'approve', ids }).expect(200);
      expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(ids);
      expect(res.body.results.every((r: { changed: boolean }) => r.changed)).toBe(true);
      expect(await kit.commentCount(articleId)).toBe(100);
      expect(
        await kit.prisma.moderationAction.count({
          where: { action: 'comment.approve', targetId: { in: ids } },
        }),
      ).toBe(100);
    }, 60_000);

    it('refuses bad input with validation_failed and decides nothing', async () => {
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, await kit.commenter(), articleId);
      const many = Array.from({ length: 101 }, () => comment.id);
      for (const body of [
        {},
        { action: 'approve' },
        { action: 'approve', ids: [] },
        { action: 'approve', ids: many },
        { action: 'approve', ids: ['not-a-uuid'] },
        { action: 'approve', ids: [42] },
        { action: 'approve', ids: comment.id },
        { action: 'pin', ids: [comment.id] },
        { action: 'approve', ids: [comment.id], code: 'spam' },
        { action: 'reject', ids: [comment.id], code: 'rude' },
        { action: 'reject', ids: [comment.id], reason: 'r'.repeat(501) },
        { action: 'reject', ids: [comment.id], reason: 'nul\u0000' },
        { action: 'approve', ids: [comment.id], extra: true },
      ]) {
        const res = await bulk(body).expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      expect(await kit.auditEntries(comment.id)).toEqual([]);
      const ok = Array.from({ length: 100 }, () => comment.id);
      expect((await bulk({ action: 'approve', ids: ok }).expect(200)).body.results).toEqual([
        { id: comment.id, changed: true, status: 'visible', error: null },
      ]);
    });
  });

  describe('tenure in moderator views of comments', () => {
    it('shows subscriberSince on queue items: a subscriber, a complimentary reader, staff', async () => {
      const subscriber = await kit.subscriber();
      const comped = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const fromSubscriber = await postComment(kit.t, subscriber, articleId);
      const fromComped = await postComment(kit.t, comped, articleId);
      const fromStaff = await postComment(kit.t, kit.moderator, articleId);
      const queue = (
        await kit
          .get(`/moderation/queue?type=pending&articleId=${articleId}`, kit.moderator)
          .expect(200)
      ).body.items as { id: string; author: { subscriberSince: string | null } }[];
      const since = new Map(queue.map((item) => [item.id, item.author.subscriberSince]));
      const subscription = await kit.prisma.stripeSubscription.findFirstOrThrow({
        where: { userId: subscriber.id },
      });
      expect(since.get(fromSubscriber.id)).toBe(subscription.createdAt.toISOString());
      expect(since.get(fromComped.id)).toEqual(expect.any(String));
      expect(since.get(fromStaff.id)).toBeNull();
    });
  });
});
