import { registerAccount, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModerationKit, UNKNOWN_ID } from './moderation-kit';

describe('moderation decisions on comments', () => {
  let kit: ModerationKit;
  beforeAll(async () => {
    kit = await ModerationKit.create();
  });
  afterAll(() => kit.close());

  const decide = (
    decision: string,
    commentId: string,
    who: TestAccount | null = kit.moderator,
    body?: unknown,
  ) => kit.post(`/moderation/comments/${commentId}/${decision}`, who ?? undefined, body);

  describe('access and ids', () => {
    it.each(['approve', 'reject', 'pin', 'unpin'])(
      '%s: 401 anonymous, 403 reader, 404 unknown or malformed id',
      async (decision) => {
        const articleId = await createArticle(kit.t, kit.moderator);
        const comment = await postComment(kit.t, kit.moderator, articleId);
        expect((await decide(decision, comment.id, null).expect(401)).body.code).toBe(
          'unauthenticated',
        );
        const reader = await registerAccount(kit.t);
        expect((await decide(decision, comment.id, reader).expect(403)).body.code).toBe(
          'forbidden',
        );
        expect((await decide(decision, UNKNOWN_ID).expect(404)).body.code).toBe(
          'comment_not_found',
        );
        expect((await decide(decision, 'not-a-uuid').expect(404)).body.code).toBe(
          'comment_not_found',
        );
        expect(
          (await decide(decision, comment.id, kit.moderator, { extra: 1 }).expect(400)).body.code,
        ).toBe('validation_failed');
        expect(
          (
            await decide(decision, comment.id, kit.moderator, { reason: 'x'.repeat(501) }).expect(
              400,
            )
          ).body.code,
        ).toBe('validation_failed');
        expect(await kit.auditEntries(comment.id)).toEqual([]);
      },
    );

    it('lets admins decide too', async () => {
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, kit.moderator, articleId);
      expect((await decide('approve', comment.id, kit.admin).expect(200)).body.changed).toBe(true);
    });
  });

  describe('approve', () => {
    it('makes a pending comment visible at once, with one audit entry; a repeat changes nothing', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, author, articleId, 'Held for review');
      expect(comment.status).toBe('pending');
      await kit.get(`/comments/${comment.id}`, undefined).expect(404);
      expect(await kit.commentCount(articleId)).toBe(0);

      const res = await decide('approve', comment.id, kit.moderator, { reason: 'fine' }).expect(
        200,
      );
      expect(res.body).toMatchObject({
        changed: true,
        comment: {
          id: comment.id,
          status: 'visible',
          body: 'Held for review',
          pinned: false,
          author: { id: author.id, displayName: author.displayName },
          openReportCount: 0,
        },
      });
      expect(await kit.commentCount(articleId)).toBe(1);
      expect((await kit.get(`/comments/${comment.id}`, undefined).expect(200)).body.status).toBe(
        'visible',
      );
      const listed = (await kit.get(`/articles/${articleId}/comments`, undefined).expect(200)).body
        .items;
      expect(listed.map((c: { id: string }) => c.id)).toEqual([comment.id]);

      expect((await decide('approve', comment.id).expect(200)).body).toMatchObject({
        changed: false,
        comment: { status: 'visible' },
      });
      const entries = await kit.auditEntries(comment.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: kit.moderator.id,
        action: 'comment.approve',
        targetType: 'comment',
        reason: 'fine',
      });
      expect(entries[0].metadata).toMatchObject({
        articleId,
        authorId: author.id,
        previousStatus: 'pending',
      });
    });

    it('makes one change and one audit entry when ten approvals race', async () => {
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, kit.moderator, articleId);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => decide('approve', comment.id)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(results.filter((r) => r.body.changed)).toHaveLength(1);
      expect(await kit.commentCount(articleId)).toBe(1);
      expect(await kit.auditEntries(comment.id)).toHaveLength(1);
    });

    it('keeps a reported visible comment and clears its reports (a keep decision)', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, kit.moderator, articleId);
      const reporter = await registerAccount(kit.t);
      await kit
        .post(`/comments/${comment.id}/reports`, reporter, {
          reason: 'spam',
          note: 'looks like an ad',
        })
        .expect(201);
      const res = await decide('approve', comment.id).expect(200);
      expect(res.body).toMatchObject({
        changed: true,
        comment: {
          status: 'visible',
          openReportCount: 0,
          reportCounts: { spam: 0, abuse: 0, off_topic: 0, other: 0 },
        },
      });
      const queue = (
        await kit
          .get(`/moderation/queue?type=reported&articleId=${articleId}`, kit.moderator)
          .expect(200)
      ).body;
      expect(queue.items).toEqual([]);
      expect(await kit.commentCount(articleId)).toBe(1);
      expect((await decide('approve', comment.id).expect(200)).body.changed).toBe(false);
      expect(await kit.auditEntries(comment.id)).toHaveLength(1);
    });
  });

  describe('reject', () => {
    it('removes a visible comment with a code and reason; counts and lists follow at once; a repeat writes nothing', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, author, articleId, 'Rude words');
      expect(await kit.commentCount(articleId)).toBe(1);
      const res = await decide('reject', comment.id, kit.moderator, {
        code: 'harassment',
        reason: 'Targets another reader',
      }).expect(200);
      expect(res.body).toMatchObject({
        changed: true,
        comment: { status: 'removed', body: 'Rude words', author: { id: author.id } },
      });
      expect(await kit.commentCount(articleId)).toBe(0);
      expect(
        (await kit.get(`/articles/${articleId}/comments`, undefined).expect(200)).body.items,
      ).toEqual([]);
      await kit.get(`/comments/${comment.id}`, undefined).expect(404);

      expect(
        (await decide('reject', comment.id, kit.moderator, { code: 'spam' }).expect(200)).body
          .changed,
      ).toBe(false);
      const entries = await kit.auditEntries(comment.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'comment.reject',
        reasonCode: 'harassment',
        reason: 'Targets another reader',
      });
    });

    it('rejects a pending comment; it never shows', async () => {
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, kit.moderator, articleId);
      expect(
        (await decide('reject', comment.id, kit.moderator, {}).expect(200)).body.comment.status,
      ).toBe('removed');
      expect(
        (
          await kit
            .get(`/moderation/queue?type=pending&articleId=${articleId}`, kit.moderator)
            .expect(200)
        ).body.items,
      ).toEqual([]);
      expect(await kit.commentCount(articleId)).toBe(0);
      expect((await decide('approve', comment.id).expect(200)).body).toMatchObject({
        changed: false,
        comment: { status: 'removed' },
      });
    });

    it('refuses unknown codes, non-string reasons and extra fields', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const comment = await postComment(kit.t, kit.moderator, articleId);
      for (const body of [
        { code: 'rude' },
        { code: 'SPAM' },
        { code: 1 },
        { reason: 5 },
        { code: 'spam', note: 'x' },
      ]) {
        expect(
          (await decide('reject', comment.id, kit.moderator, body).expect(400)).body.code,
        ).toBe('validation_failed');
      }
      expect(
        (
          await decide('reject', comment.id, kit.moderator, {
            code: 'illegal',
            reason: 'x'.repeat(500),
          }).expect(200)
        ).body.changed,
      ).toBe(true);
    });

    it('makes one change and one audit entry when approvals and rejections race', async () => {
      const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const comment = await postComment(kit.t, kit.moderator, articleId);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          decide(i % 2 ? 'reject' : 'approve', comment.id, kit.moderator, {}),
        ),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const entries = await kit.auditEntries(comment.id);
      const final = (
        await kit
          .get(`/moderation/queue?type=pending&articleId=${articleId}`, kit.moderator)
          .expect(200)
      ).body.items;
      expect(final).toEqual([]);
      // Either approve then reject (two changes) or reject first (one: removed is final).
      expect(entries.length).toBe(results.filter((r) => r.body.changed).length);
      expect(await kit.commentCount(articleId)).toBe(
        entries.at(-1)!.action === 'comment.approve' ? 1 : 0,
      );
    });
  });

  describe('pin and unpin', () => {
    it('pins a top-level comment first in every sort, once; unpins once', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const first = await postComment(kit.t, kit.moderator, articleId, 'first');
      await postComment(kit.t, kit.moderator, articleId, 'second');
      const pinned = await Promise.all(Array.from({ length: 5 }, () => decide('pin', first.id)));
      expect(pinned.filter((r) => r.body.changed)).toHaveLength(1);
      expect(pinned[0].body.comment.pinned).toBe(true);
      const newest = (
        await kit.get(`/articles/${articleId}/comments?sort=newest`, undefined).expect(200)
      ).body.items;
      expect(newest[0]).toMatchObject({ id: first.id, pinned: true });
      expect((await decide('unpin', first.id).expect(200)).body).toMatchObject({
        changed: true,
        comment: { pinned: false },
      });
      expect((await decide('unpin', first.id).expect(200)).body.changed).toBe(false);
      const newestAfter = (
        await kit.get(`/articles/${articleId}/comments?sort=newest`, undefined).expect(200)
      ).body.items;
      expect(newestAfter[0].body).toBe('second');
      expect((await kit.auditEntries(first.id)).map((e) => e.action)).toEqual([
        'comment.pin',
        'comment.unpin',
      ]);
    });

    it('refuses to pin a deleted, removed or pending comment with 409 conflict, changing nothing', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const shown = await postComment(kit.t, author, articleId, 'still shown');
      const deleted = await postComment(kit.t, author, articleId, 'deleted by its author');
      // A reply keeps the deleted comment listed as a placeholder, the case a pin would surface.
      await postComment(kit.t, kit.moderator, articleId, 'a reply', deleted.id);
      await kit.t.http().delete(`/api/v1/comments/${deleted.id}`).set(author.auth).expect(204);
      const removed = await postComment(kit.t, author, articleId, 'rejected');
      await decide('reject', removed.id).expect(200);
      const held = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const pending = await postComment(kit.t, author, held, 'waiting');
      const before = await kit.get(`/articles/${articleId}/comments`, undefined).expect(200);

      for (const [comment, message] of [
        [deleted, /deleted by its author/],
        [removed, /reinstate it first/],
        [pending, /approve it first/],
      ] as const) {
        const refused = await decide('pin', comment.id).expect(409);
        expect(refused.body).toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(message),
        });
        expect(await kit.auditEntries(comment.id)).toEqual(
          comment === removed ? [expect.objectContaining({ action: 'comment.reject' })] : [],
        );
      }
      const after = await kit.get(`/articles/${articleId}/comments`, undefined).expect(200);
      expect(after.body).toEqual(before.body);
      expect(
        after.body.items.map((c: { id: string; pinned: boolean }) => [c.id, c.pinned]),
      ).toEqual([
        [deleted.id, false],
        [shown.id, false],
      ]);
      expect((await decide('approve', pending.id).expect(200)).body.comment.pinned).toBe(false);
    });

    it('unpins a pinned comment its author deleted afterwards', async () => {
      const author = await kit.commenter();
      const articleId = await createArticle(kit.t, kit.moderator);
      const pinned = await postComment(kit.t, author, articleId, 'pinned, then deleted');
      await postComment(kit.t, kit.moderator, articleId, 'a reply', pinned.id);
      await decide('pin', pinned.id).expect(200);
      await kit.t.http().delete(`/api/v1/comments/${pinned.id}`).set(author.auth).expect(204);
      expect((await decide('pin', pinned.id).expect(409)).body.code).toBe('conflict');
      expect((await decide('unpin', pinned.id).expect(200)).body).toMatchObject({
        changed: true,
        comment: { status: 'deleted', pinned: false },
      });
      const first = (await kit.get(`/articles/${articleId}/comments`, undefined).expect(200)).body
        .items[0];
      expect(first).toMatchObject({ id: pinned.id, status: 'deleted', pinned: false });
      expect((await kit.auditEntries(pinned.id)).map((e) => e.action)).toEqual([
        'comment.pin',
        'comment.unpin',
      ]);
    });

    it('refuses to pin a reply with 400 validation_failed and writes nothing', async () => {
      const articleId = await createArticle(kit.t, kit.moderator);
      const root = await postComment(kit.t, kit.moderator, articleId);
      const reply = await postComment(kit.t, kit.moderator, articleId, 'reply', root.id);
      expect((await decide('pin', reply.id).expect(400)).body.code).toBe('validation_failed');
      expect((await decide('unpin', reply.id).expect(400)).body.code).toBe('validation_failed');
      expect(await kit.auditEntries(reply.id)).toEqual([]);
    });
  });
});
