import { registerAccount, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModeratorToolsKit, UNKNOWN_ID } from './moderator-tools-kit';

describe('moderator tools: a user profile, history and notes', () => {
  let kit: ModeratorToolsKit;
  beforeAll(async () => {
    kit = await ModeratorToolsKit.create();
  });
  afterAll(() => kit.close());

  // null: anonymous (undefined would take the default).
  const profile = (userId: string, who: TestAccount | null = kit.moderator) =>
    kit.get(`/moderation/users/${userId}`, who ?? undefined);
  const history = (userId: string, query = '', who: TestAccount | null = kit.moderator) =>
    kit.get(`/moderation/users/${userId}/comments${query}`, who ?? undefined);
  const addNote = (userId: string, body: unknown, who: TestAccount | null = kit.moderator) =>
    kit.post(`/moderation/users/${userId}/notes`, who ?? undefined, body);

  describe('access and ids', () => {
    it('answers 401 anonymous and 403 to readers on every route, writing nothing', async () => {
      const subject = await registerAccount(kit.t);
      const reader = await registerAccount(kit.t);
      for (const [req, anon] of [
        [profile(subject.id, reader), profile(subject.id, null)],
        [history(subject.id, '', reader), history(subject.id, '', null)],
        [addNote(subject.id, { note: 'x' }, reader), addNote(subject.id, { note: 'x' }, null)],
      ]) {
        expect((await req.expect(403)).body.code).toBe('forbidden');
        expect((await anon.expect(401)).body.code).toBe('unauthenticated');
      }
      expect(await kit.prisma.moderatorNote.count({ where: { subjectId: subject.id } })).toBe(0);
      expect(await kit.auditEntries(subject.id)).toEqual([]);
    });

    it('answers 404 not_found for unknown, malformed and erased ids', async () => {
      const erased = await registerAccount(kit.t);
      await kit.t
        .http()
        .delete('/api/v1/me')
        .set(erased.auth)
        .send({ password: erased.password })
        .expect(204);
      for (const id of [UNKNOWN_ID, 'not-a-uuid', erased.id]) {
        expect((await profile(id).expect(404)).body.code).toBe('not_found');
        expect((await history(id).expect(404)).body.code).toBe('not_found');
        expect((await addNote(id, { note: 'x' }).expect(404)).body.code).toBe('not_found');
        expect(
          (
            await kit
              .post(`/moderation/users/${id}/premoderate`, kit.moderator, { enabled: true })
              .expect(404)
          ).body.code,
        ).toBe('not_found');
      }
      expect((await profile(UNKNOWN_ID).expect(404)).body.message).toBe('No such user');
    });

    it('lets admins use the tools too', async () => {
      const subject = await registerAccount(kit.t);
      await profile(subject.id, kit.admin).expect(200);
      await history(subject.id, '', kit.admin).expect(200);
      await addNote(subject.id, { note: 'by an admin' }, kit.admin).expect(201);
    });
  });

  describe('GET /moderation/users/:userId', () => {
    it('shows membership, tenure, counts, reports, sanctions and notes', async () => {
      const subject = await kit.subscriber();
      const other = await kit.commenter();
      const open = await createArticle(kit.t, kit.moderator);
      const held = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const kept = await postComment(kit.t, subject, open, 'A fair point');
      const removed = await postComment(kit.t, subject, open, 'Something rude');
      await postComment(kit.t, subject, open, 'Changed my mind');
      const deletedLater = await postComment(kit.t, subject, open, 'Deleted by me');
      await postComment(kit.t, subject, held, 'Waiting for review');
      const theirs = await postComment(kit.t, other, open, 'Their comment');
      await kit
        .post(`/moderation/comments/${removed.id}/reject`, kit.moderator, { code: 'abuse' })
        .expect(200);
      await kit.t
        .http()
        .delete(`/api/v1/comments/${deletedLater.id}`)
        .set(subject.auth)
        .expect(204);
      await kit.post(`/comments/${kept.id}/reports`, other, { reason: 'spam' }).expect(201);
      await kit.post(`/comments/${theirs.id}/reports`, subject, { reason: 'abuse' }).expect(201);
      const until = new Date(Date.now() + 86_400_000).toISOString();
      await kit
        .post(`/moderation/users/${subject.id}/suspend`, kit.moderator, {
          until,
          reason: 'cool off',
        })
        .expect(200);
      await kit.post(`/moderation/users/${subject.id}/unban`, kit.admin, {}).expect(200);
      await addNote(subject.id, { note: '  First warning about tone. ' }).expect(201);
      await addNote(subject.id, { note: 'Second note' }, kit.admin).expect(201);

      const { body } = await profile(subject.id).expect(200);
      const registered = await kit.prisma.user.findUniqueOrThrow({ where: { id: subject.id } });
      const subscription = await kit.prisma.stripeSubscription.findFirstOrThrow({
        where: { userId: subject.id },
      });
      expect(body).toMatchObject({
        user: {
          id: subject.id,
          displayName: subject.displayName,
          role: 'reader',
          status: 'active',
          suspendedUntil: null,
          emailVerified: true,
        },
        memberSince: registered.createdAt.toISOString(),
        subscriberSince: subscription.createdAt.toISOString(),
        plan: { source: 'stripe', priceId: 'price_monthly_test' },
        commentCounts: { visible: 2, pending: 1, removed: 1, deleted: 1 },
        reports: { made: 1, received: 1 },
        notesTotal: 2,
      });
      expect(body.user).not.toHaveProperty('email');
      expect(body.sanctions).toEqual([
        expect.objectContaining({ action: 'unban', actorId: kit.admin.id, until: null }),
        {
          action: 'suspend',
          actorId: kit.moderator.id,
          reason: 'cool off',
          until,
          createdAt: expect.any(String),
        },
      ]);
      expect(body.notes).toEqual([
        expect.objectContaining({
          note: 'Second note',
          author: { id: kit.admin.id, displayName: kit.admin.displayName },
        }),
        {
          id: expect.any(String),
          userId: subject.id,
          author: { id: kit.moderator.id, displayName: kit.moderator.displayName },
          note: 'First warning about tone.',
          createdAt: expect.any(String),
        },
      ]);
    });

    it('shows no tenure for a reader without a grant, and complimentary access as such', async () => {
      const reader = await registerAccount(kit.t);
      expect((await profile(reader.id).expect(200)).body).toMatchObject({
        subscriberSince: null,
        plan: null,
        commentCounts: { visible: 0, pending: 0, removed: 0, deleted: 0 },
        reports: { made: 0, received: 0 },
        sanctions: [],
        notes: [],
        notesTotal: 0,
      });
      const comped = await kit.commenter();
      const { body } = await profile(comped.id).expect(200);
      expect(body.plan).toEqual({ source: 'complimentary', priceId: null });
      expect(Date.parse(body.subscriberSince)).toBeGreaterThan(Date.now() - 60_000);
    });
  });

  describe('GET /moderation/users/:userId/comments', () => {
    it('pages through every comment of the user in any status, newest first', async () => {
      const subject = await kit.commenter();
      const open = await createArticle(kit.t, kit.moderator);
      const held = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
      const posted = [];
      for (let i = 0; i < 4; i++) posted.push(await postComment(kit.t, subject, open));
      posted.push(await postComment(kit.t, subject, held, 'Pending one'));
      await kit.post(`/moderation/comments/${posted[1].id}/reject`, kit.moderator, {}).expect(200);
      await postComment(kit.t, await kit.commenter(), open, 'Not theirs');

      const seen: { id: string; status: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await history(subject.id, query).expect(200)).body;
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen.map((c) => c.id)).toEqual(posted.map((c) => c.id).reverse());
      expect(seen.map((c) => c.status)).toEqual([
        'pending',
        'visible',
        'visible',
        'removed',
        'visible',
      ]);
      expect(seen[0]).toMatchObject({
        body: 'Pending one',
        author: { id: subject.id, displayName: subject.displayName },
        reportCounts: { spam: 0, abuse: 0, off_topic: 0, other: 0 },
      });
      expect(seen[0]).toHaveProperty('author.subscriberSince', expect.any(String));
    });

    it('refuses bad paging with validation_failed', async () => {
      const subject = await registerAccount(kit.t);
      for (const query of [
        '?limit=0',
        '?limit=101',
        '?cursor=garbage',
        '?extra=1',
        `?cursor=${Buffer.from(JSON.stringify({ k: 'newest', t: new Date().toISOString(), i: UNKNOWN_ID })).toString('base64url')}`,
      ]) {
        expect((await history(subject.id, query).expect(400)).body.code).toBe('validation_failed');
      }
      expect((await history(subject.id).expect(200)).body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('POST /moderation/users/:userId/notes', () => {
    it('stores the note trimmed, answers 201 with it, and audits it by id only', async () => {
      const subject = await registerAccount(kit.t);
      const res = await addNote(subject.id, { note: '\n  Uses two accounts, see 3f2a. \t' }).expect(
        201,
      );
      expect(res.body).toEqual({
        id: expect.any(String),
        userId: subject.id,
        author: { id: kit.moderator.id, displayName: kit.moderator.displayName },
        note: 'Uses two accounts, see 3f2a.',
        createdAt: expect.any(String),
      });
      const entries = await kit.auditEntries(subject.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: kit.moderator.id,
        action: 'user.note',
        targetType: 'user',
        metadata: { noteId: res.body.id },
      });
      expect(JSON.stringify(entries[0])).not.toContain('two accounts');
      const log = (await kit.get('/moderation/actions?limit=5', kit.moderator).expect(200)).body;
      expect(log.items.map((e: { action: string }) => e.action)).toContain('user.note');
    });

    it('takes 2000 characters after trimming and refuses bad notes with validation_failed', async () => {
      const subject = await registerAccount(kit.t);
      await addNote(subject.id, { note: `${'n'.repeat(2000)}   ` }).expect(201);
      for (const body of [
        {},
        { note: '' },
        { note: '   \u200b\u3164 ' },
        { note: 'n'.repeat(2001) },
        { note: 'nul \u0000 byte' },
        { note: 42 },
        { note: ['a'] },
        { note: 'fine', extra: true },
      ]) {
        const res = await addNote(subject.id, body).expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      expect(await kit.prisma.moderatorNote.count({ where: { subjectId: subject.id } })).toBe(1);
      expect(await kit.auditEntries(subject.id)).toHaveLength(1);
    });
  });

  describe('notes and accounts', () => {
    it("keeps notes out of the subject's export, and erasure deletes the notes about them", async () => {
      const subject = await registerAccount(kit.t);
      await addNote(subject.id, { note: 'Watch for ban evasion' }).expect(201);
      const exported = await kit.get('/me/export', subject).expect(200);
      expect(JSON.stringify(exported.body)).not.toContain('ban evasion');

      await kit.t
        .http()
        .delete('/api/v1/me')
        .set(subject.auth)
        .send({ password: subject.password })
        .expect(204);
      expect(await kit.prisma.moderatorNote.count({ where: { subjectId: subject.id } })).toBe(0);
      expect(await kit.auditEntries(subject.id)).toHaveLength(1);
    });

    it('keeps the notes of an erased moderator, with the author shown as erased', async () => {
      const subject = await registerAccount(kit.t);
      const leaving = await registerAccount(kit.t, { displayName: 'Leaving Moderator' });
      await kit
        .put(`/admin/users/${leaving.id}/role`, kit.admin, { role: 'moderator' })
        .expect(200);
      const login = await kit.post('/auth/login', undefined, {
        email: leaving.email,
        password: leaving.password,
      });
      const auth = { Authorization: `Bearer ${login.body.accessToken}` };
      await kit.t
        .http()
        .post(`/api/v1/moderation/users/${subject.id}/notes`)
        .set(auth)
        .send({ note: 'Written before leaving' })
        .expect(201);
      await kit.t
        .http()
        .delete('/api/v1/me')
        .set(auth)
        .send({ password: leaving.password })
        .expect(204);
      const { body } = await profile(subject.id).expect(200);
      expect(body.notes).toEqual([
        expect.objectContaining({ note: 'Written before leaving', author: null }),
      ]);
    });
  });
});
