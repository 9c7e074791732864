import { PrismaService } from '@parley/database';
import { registerAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModerationKit } from './moderation-kit';

interface EntryView {
  id: string;
  actor: { id: string };
  action: string;
  target: { type: string; id: string };
  reasonCode: string | null;
  reason: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

describe('the moderation audit log', () => {
  let kit: ModerationKit;
  beforeAll(async () => {
    kit = await ModerationKit.create();
  });
  afterAll(() => kit.close());

  const actions = async (
    query = 'limit=100',
  ): Promise<{ items: EntryView[]; nextCursor: string | null }> =>
    (await kit.get(`/moderation/actions?${query}`, kit.moderator).expect(200)).body;
  const putWords = (words: unknown, who = kit.moderator) =>
    kit.t.http().put('/api/v1/moderation/banned-words').set(who.auth).send({ words });

  it('GET /moderation/actions needs a moderator or admin and valid paging', async () => {
    expect((await kit.get('/moderation/actions', undefined).expect(401)).body.code).toBe(
      'unauthenticated',
    );
    const reader = await registerAccount(kit.t);
    expect((await kit.get('/moderation/actions', reader).expect(403)).body.code).toBe('forbidden');
    await kit.get('/moderation/actions', kit.admin).expect(200);
    for (const query of ['limit=0', 'limit=101', 'cursor=garbage', 'extra=1']) {
      expect(
        (await kit.get(`/moderation/actions?${query}`, kit.moderator).expect(400)).body.code,
      ).toBe('validation_failed');
    }
  });

  it('lists who did what to what, why and when, newest first, page by page without repeats', async () => {
    const articleId = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1)
      ids.push((await postComment(kit.t, kit.moderator, articleId, `c${i}`)).id);
    for (const id of ids)
      await kit
        .post(`/moderation/comments/${id}/reject`, kit.admin, {
          code: 'off_topic',
          reason: `r ${id}`,
        })
        .expect(200);

    const newest = (await actions('limit=4')).items;
    expect(new Set(newest.map((e) => e.target.id))).toEqual(new Set(ids));
    const key = (e: EntryView) => `${e.createdAt}|${e.id}`;
    expect(newest.map(key)).toEqual(newest.map(key).sort().reverse());
    expect(newest.find((e) => e.target.id === ids[3])).toEqual({
      id: expect.any(String),
      actor: { id: kit.admin.id },
      action: 'comment.reject',
      target: { type: 'comment', id: ids[3] },
      reasonCode: 'off_topic',
      reason: `r ${ids[3]}`,
      metadata: {
        articleId,
        authorId: kit.moderator.id,
        previousStatus: 'pending',
        openReports: 0,
      },
      createdAt: expect.any(String),
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = Infinity;
    do {
      const page: { items: EntryView[]; nextCursor: string | null } = await actions(
        `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const entry of page.items) {
        expect(Date.parse(entry.createdAt)).toBeLessThanOrEqual(previous);
        previous = Date.parse(entry.createdAt);
      }
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 4)).toEqual(newest.map((e) => e.id));
  });

  it('is append-only in the database itself', async () => {
    const prisma = kit.t.app.get(PrismaService);
    const articleId = await createArticle(kit.t, kit.moderator, { state: 'closed' });
    const [entry] = await kit.auditEntries(articleId);
    await expect(
      prisma.$executeRaw`UPDATE moderation_actions SET reason = 'edited' WHERE id = ${entry.id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(
      prisma.$executeRaw`DELETE FROM moderation_actions WHERE id = ${entry.id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`TRUNCATE moderation_actions`).rejects.toThrow(/append-only/);
    expect(await kit.auditEntries(articleId)).toEqual([entry]);
  });

  it('audits role changes, complimentary grants and revokes by admins, once per effective change', async () => {
    const reader = await registerAccount(kit.t);
    const role = (body: object) =>
      kit.t.http().put(`/api/v1/admin/users/${reader.id}/role`).set(kit.admin.auth).send(body);
    await role({ role: 'moderator' }).expect(200);
    await role({ role: 'moderator' }).expect(200);
    await role({ role: 'reader' }).expect(200);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    await kit.t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/complimentary`)
      .set(kit.admin.auth)
      .send({ until })
      .expect(200);
    await kit.t
      .http()
      .delete(`/api/v1/admin/users/${reader.id}/complimentary`)
      .set(kit.admin.auth)
      .expect(204);
    await kit.t
      .http()
      .delete(`/api/v1/admin/users/${reader.id}/complimentary`)
      .set(kit.admin.auth)
      .expect(204);
    const entries = await kit.auditEntries(reader.id);
    expect(entries.map((e) => [e.actorId, e.action, e.metadata])).toEqual([
      [kit.admin.id, 'user.role', { from: 'reader', to: 'moderator' }],
      [kit.admin.id, 'user.role', { from: 'moderator', to: 'reader' }],
      [kit.admin.id, 'user.complimentary.grant', { until }],
      [kit.admin.id, 'user.complimentary.revoke', {}],
    ]);
  });

  it('audits editors closing, reopening and pre-moderating threads, not CMS title updates', async () => {
    const articleId = await createArticle(kit.t, kit.moderator);
    const put = (body: object) =>
      kit.t.http().put(`/api/v1/articles/${articleId}`).set(kit.moderator.auth).send(body);
    await put({ title: 'New title' }).expect(200);
    expect(await kit.auditEntries(articleId)).toEqual([]);
    expect(
      (await put({ title: 'New title', state: 'closed', moderation: 'pre' }).expect(200)).body,
    ).toMatchObject({ state: 'closed', moderation: 'pre' });
    await put({ title: 'New title', state: 'closed' }).expect(200);
    await put({ title: 'New title', state: 'open' }).expect(200);
    const entries = await kit.auditEntries(articleId);
    expect(entries.map((e) => [e.actorId, e.action, e.targetType, e.metadata])).toEqual([
      [
        kit.moderator.id,
        'article.update',
        'article',
        {
          created: false,
          state: { from: 'open', to: 'closed' },
          moderation: { from: 'post', to: 'pre' },
        },
      ],
      [
        kit.moderator.id,
        'article.update',
        'article',
        { created: false, state: { from: 'closed', to: 'open' } },
      ],
    ]);
    const created = await createArticle(kit.t, kit.admin, { state: 'closed' });
    expect((await kit.auditEntries(created)).map((e) => e.metadata)).toEqual([
      { created: true, state: { from: null, to: 'closed' } },
    ]);
  });

  it('keeps only bare user ids: no names or emails, also after an account is erased', async () => {
    const target = await registerAccount(kit.t, { displayName: 'Very Findable Name' });
    await kit
      .post(`/moderation/users/${target.id}/suspend`, kit.moderator, {
        until: new Date(Date.now() + 60_000).toISOString(),
      })
      .expect(200);
    await kit.t
      .http()
      .delete('/api/v1/me')
      .set(target.auth)
      .send({ password: target.password })
      .expect(204);
    const text = JSON.stringify(await actions());
    expect(text).toContain(target.id);
    expect(text).not.toContain('Very Findable Name');
    expect(text).not.toContain(target.email);
    expect(text).not.toContain(kit.moderator.email);
  });

  describe('PUT /moderation/banned-words', () => {
    let original: string[];
    beforeAll(async () => {
      original = (await kit.get('/moderation/banned-words', kit.moderator).expect(200)).body.words;
    });
    afterAll(async () => {
      await putWords(original).expect(200);
    });

    it('needs a moderator or admin', async () => {
      await kit.t.http().put('/api/v1/moderation/banned-words').send({ words: [] }).expect(401);
      const reader = await registerAccount(kit.t);
      expect((await putWords([], reader).expect(403)).body.code).toBe('forbidden');
      await kit.get('/moderation/banned-words', reader).expect(403);
    });

    it('refuses bad lists and extra fields', async () => {
      const bad = [
        undefined,
        'word',
        [1],
        [''],
        ['   '],
        ['x'.repeat(101)],
        Array.from({ length: 1001 }, (_, i) => `w${i}`),
      ];
      for (const words of bad)
        expect((await putWords(words).expect(400)).body.code).toBe('validation_failed');
      await kit.t
        .http()
        .put('/api/v1/moderation/banned-words')
        .set(kit.moderator.auth)
        .send({ words: [], extra: 1 })
        .expect(400);
    });

    it('stores the normalised list, audits what changed once, and applies it to the next post', async () => {
      const res = await putWords(['  Zonk ', 'ZONK', 'Ｆｏｏｂ']).expect(200);
      expect(res.body).toEqual({
        words: ['foob', 'zonk'],
        entries: [
          { word: 'foob', action: 'hold' },
          { word: 'zonk', action: 'hold' },
        ],
        changed: true,
      });
      expect((await putWords(['zonk', 'foob']).expect(200)).body.changed).toBe(false);
      const entries = (await kit.auditEntries('global')).filter(
        (e) => e.action === 'banned_words.replace',
      );
      expect(entries.at(-1)).toMatchObject({
        actorId: kit.moderator.id,
        metadata: { count: 2, added: ['foob', 'zonk'] },
      });
      const before = entries.length;
      const articleId = await createArticle(kit.t, kit.moderator);
      const author = await kit.commenter();
      expect((await postComment(kit.t, author, articleId, 'zonk it')).status).toBe('pending');
      expect((await putWords([]).expect(200)).body).toEqual({
        words: [],
        entries: [],
        changed: true,
      });
      expect((await postComment(kit.t, author, articleId, 'zonk it again')).status).toBe('visible');
      const after = (await kit.auditEntries('global')).filter(
        (e) => e.action === 'banned_words.replace',
      );
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)!.metadata).toEqual({ count: 0, added: [], removed: ['foob', 'zonk'] });
    });
  });
});
