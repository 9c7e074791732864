import { registerAccount, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';
import { ModerationKit, UNKNOWN_ID } from './moderation-kit';

describe('moderation sanctions on accounts', () => {
  let kit: ModerationKit;
  beforeAll(async () => {
    kit = await ModerationKit.create();
  });
  afterAll(() => kit.close());

  const sanction = (
    action: string,
    userId: string,
    body: unknown,
    who: TestAccount | null = kit.moderator,
  ) => kit.post(`/moderation/users/${userId}/${action}`, who ?? undefined, body);
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  let posts = 0;
  // Each post has its own text: the same one again on one article would be a duplicate (409).
  const tryPost = (author: TestAccount, articleId: string) =>
    kit.post(`/articles/${articleId}/comments`, author, { body: `Hello ${++posts}` });

  it.each([
    ['suspend', () => ({ until: inAnHour() })],
    ['ban', () => ({})],
    ['unban', () => ({})],
  ])(
    '%s: 401 anonymous, 403 reader, 404 unknown or malformed id, 403 for staff and oneself',
    async (action, body) => {
      const target = await registerAccount(kit.t);
      expect((await sanction(action, target.id, body(), null).expect(401)).body.code).toBe(
        'unauthenticated',
      );
      const reader = await registerAccount(kit.t);
      expect((await sanction(action, target.id, body(), reader).expect(403)).body.code).toBe(
        'forbidden',
      );
      expect((await sanction(action, UNKNOWN_ID, body()).expect(404)).body.code).toBe('not_found');
      expect((await sanction(action, 'nobody', body()).expect(404)).body.code).toBe('not_found');
      expect((await sanction(action, kit.admin.id, body()).expect(403)).body.code).toBe(
        'forbidden',
      );
      expect(
        (await sanction(action, kit.moderator.id, body(), kit.admin).expect(403)).body.code,
      ).toBe('forbidden');
      expect((await sanction(action, kit.moderator.id, body()).expect(403)).body.code).toBe(
        'forbidden',
      );
      expect(
        (await sanction(action, target.id, { ...body(), extra: true }).expect(400)).body.code,
      ).toBe('validation_failed');
      expect(
        (await sanction(action, target.id, { ...body(), reason: 'x'.repeat(501) }).expect(400)).body
          .code,
      ).toBe('validation_failed');
      expect(await kit.auditEntries(kit.admin.id)).toEqual([]);
      expect(await kit.auditEntries(kit.moderator.id)).toEqual([]);
      expect(await kit.auditEntries(target.id)).toEqual([]);
    },
  );

  it('bites at once on the posting gate: ban, unban, suspend, unban', async () => {
    const author = await kit.commenter();
    const articleId = await createArticle(kit.t, kit.moderator);
    await tryPost(author, articleId).expect(201);

    const banned = await sanction('ban', author.id, { reason: 'Repeated abuse' }).expect(200);
    expect(banned.body).toEqual({
      id: author.id,
      status: 'banned',
      suspendedUntil: null,
      changed: true,
      removedComments: 0,
    });
    expect((await tryPost(author, articleId).expect(403)).body.code).toBe('user_banned');
    expect((await kit.get('/me', author).expect(200)).body.entitlement).toMatchObject({
      canComment: false,
      reason: 'user_banned',
    });

    expect((await sanction('unban', author.id, {}).expect(200)).body).toMatchObject({
      status: 'active',
      changed: true,
    });
    await tryPost(author, articleId).expect(201);

    const until = inAnHour();
    expect(
      (await sanction('suspend', author.id, { until, reason: 'Cool off' }).expect(200)).body,
    ).toMatchObject({ status: 'suspended', suspendedUntil: until, changed: true });
    expect((await tryPost(author, articleId).expect(403)).body.code).toBe('user_suspended');
    await sanction('unban', author.id, {}).expect(200);
    await tryPost(author, articleId).expect(201);

    const entries = await kit.auditEntries(author.id);
    const sanctions = entries.filter(
      (e) => e.action.startsWith('user.') && !e.action.startsWith('user.complimentary'),
    );
    expect(sanctions.map((e) => [e.action, e.reason])).toEqual([
      ['user.ban', 'Repeated abuse'],
      ['user.unban', null],
      ['user.suspend', 'Cool off'],
      ['user.unban', null],
    ]);
    expect(sanctions[2].metadata).toEqual({ until });
  });

  it('refuses suspensions that are not strictly in the future, too far ahead, or not ISO-8601', async () => {
    const target = await registerAccount(kit.t);
    const bad = [
      {},
      { until: new Date(Date.now() - 60_000).toISOString() },
      { until: new Date(Date.now() + 11 * 365 * 86_400_000).toISOString() },
      { until: 'tomorrow' },
      { until: '2030-01-01 10:00' },
      { until: 1_900_000_000_000 },
      { until: null },
    ];
    for (const body of bad)
      expect((await sanction('suspend', target.id, body).expect(400)).body.code).toBe(
        'validation_failed',
      );
    // ISO-8601, but not a date-time the service can read as one instant: the reason says so.
    for (const until of ['2030-W01', '2030-W01-1', '20300101T000000Z', '2030-02-30T00:00:00Z'])
      expect((await sanction('suspend', target.id, { until }).expect(400)).body).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'until', message: expect.stringContaining('ISO-8601 date-time') }],
      });
    expect((await kit.get('/me', target).expect(200)).body.status).toBe('active');
    expect(await kit.auditEntries(target.id)).toEqual([]);
  });

  it('refuses to suspend a banned user with 409 conflict, changing and auditing nothing', async () => {
    const author = await kit.commenter();
    const articleId = await createArticle(kit.t, kit.moderator);
    await sanction('ban', author.id, { reason: 'Abuse' }).expect(200);
    const refused = await sanction('suspend', author.id, { until: inAnHour() }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/unban/),
    });
    expect((await kit.get('/me', author).expect(200)).body).toMatchObject({
      status: 'banned',
      entitlement: { reason: 'user_banned' },
    });
    expect((await tryPost(author, articleId).expect(403)).body.code).toBe('user_banned');
    const sanctions = async () =>
      (await kit.auditEntries(author.id))
        .map((e) => e.action)
        .filter((action) => !action.startsWith('user.complimentary'));
    expect(await sanctions()).toEqual(['user.ban']);
    // Unbanned first, the suspension goes through.
    await sanction('unban', author.id, {}).expect(200);
    expect(
      (await sanction('suspend', author.id, { until: inAnHour() }).expect(200)).body,
    ).toMatchObject({ status: 'suspended', changed: true });
  });

  it('lets a ban supersede a suspension', async () => {
    const target = await registerAccount(kit.t);
    await sanction('suspend', target.id, { until: inAnHour() }).expect(200);
    expect((await sanction('ban', target.id, {}).expect(200)).body).toEqual({
      id: target.id,
      status: 'banned',
      suspendedUntil: null,
      changed: true,
      removedComments: 0,
    });
    expect((await kit.get('/me', target).expect(200)).body.status).toBe('banned');
    expect((await kit.auditEntries(target.id)).map((e) => e.action)).toEqual([
      'user.suspend',
      'user.ban',
    ]);
  });

  it('writes nothing for a sanction already in force, and one entry when identical sanctions race', async () => {
    const target = await registerAccount(kit.t);
    expect((await sanction('unban', target.id, {}).expect(200)).body.changed).toBe(false);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => sanction('ban', target.id, {})),
    );
    expect(results.every((r) => r.status === 200 && r.body.status === 'banned')).toBe(true);
    expect(results.filter((r) => r.body.changed)).toHaveLength(1);
    expect((await sanction('ban', target.id, {}).expect(200)).body.changed).toBe(false);
    await sanction('unban', target.id, {}).expect(200);
    const until = inAnHour();
    await sanction('suspend', target.id, { until }).expect(200);
    expect((await sanction('suspend', target.id, { until }).expect(200)).body.changed).toBe(false);
    expect((await kit.auditEntries(target.id)).map((e) => e.action)).toEqual([
      'user.ban',
      'user.unban',
      'user.suspend',
    ]);
  });

  it('bans and removes all visible and pending comments at once; counts drop', async () => {
    const author = await kit.commenter();
    const other = await kit.commenter();
    const articleId = await createArticle(kit.t, kit.moderator);
    const root = await postComment(kit.t, other, articleId, 'Root');
    await postComment(kit.t, author, articleId, 'One');
    await postComment(kit.t, author, articleId, 'Two', root.id);
    const preArticle = await createArticle(kit.t, kit.moderator, { moderation: 'pre' });
    await postComment(kit.t, author, preArticle, 'Pending');
    expect(await kit.commentCount(articleId)).toBe(3);

    const res = await sanction('ban', author.id, {
      removeComments: true,
      reason: 'Spam account',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'banned', changed: true, removedComments: 3 });
    expect(await kit.commentCount(articleId)).toBe(1);
    const listed = (await kit.get(`/articles/${articleId}/comments`, undefined).expect(200)).body
      .items;
    expect(listed).toEqual([expect.objectContaining({ id: root.id, replyCount: 0 })]);
    expect(
      (
        await kit
          .get(`/moderation/queue?type=pending&articleId=${preArticle}`, kit.moderator)
          .expect(200)
      ).body.items,
    ).toEqual([]);

    const entries = (await kit.auditEntries(author.id)).filter((e) => e.action === 'user.ban');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      reason: 'Spam account',
      metadata: { removeComments: true, removedComments: 3, wasBanned: false },
    });

    expect(
      (await sanction('ban', author.id, { removeComments: true }).expect(200)).body,
    ).toMatchObject({ changed: false, removedComments: 0 });
    expect((await kit.auditEntries(author.id)).filter((e) => e.action === 'user.ban')).toHaveLength(
      1,
    );
    expect(
      (await sanction('ban', author.id, { removeComments: 'yes' }).expect(400)).body.code,
    ).toBe('validation_failed');
  });

  it('leaves role changes to admins', async () => {
    const reader = await registerAccount(kit.t);
    await kit.t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/role`)
      .set(kit.moderator.auth)
      .send({ role: 'moderator' })
      .expect(403);
    await kit.t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/role`)
      .set(kit.admin.auth)
      .send({ role: 'moderator' })
      .expect(200);
    expect((await sanction('ban', reader.id, {}).expect(403)).body.code).toBe('forbidden');
  });
});
