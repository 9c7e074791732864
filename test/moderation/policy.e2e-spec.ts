import { registerAccount } from '../support/accounts';
import { ModerationKit, UNKNOWN_ID } from './moderation-kit';

describe('moderation policy routes', () => {
  let kit: ModerationKit;

  beforeAll(async () => {
    kit = await ModerationKit.create();
  });
  afterAll(() => kit.close());

  const putPolicy = (body: unknown, who = kit.admin) =>
    kit.t
      .http()
      .put('/api/v1/moderation/policy')
      .set(who.auth)
      .send(body as object);

  describe('GET/PUT /moderation/policy', () => {
    afterAll(() =>
      putPolicy({ newCommenterPremoderation: 0, holdLinks: false, surgeCommentsPerMinute: 0 }),
    );

    it('starts off, lets moderators read and only admins change it', async () => {
      const off = { newCommenterPremoderation: 0, holdLinks: false, surgeCommentsPerMinute: 0 };
      expect((await kit.get('/moderation/policy', kit.moderator).expect(200)).body).toEqual(off);
      expect((await kit.get('/moderation/policy', kit.admin).expect(200)).body).toEqual(off);
      const reader = await registerAccount(kit.t);
      await kit.get('/moderation/policy', reader).expect(403);
      await kit.get('/moderation/policy', undefined).expect(401);
      await putPolicy({ holdLinks: true }, kit.moderator).expect(403);
      await putPolicy({ holdLinks: true }, reader).expect(403);
      await kit.t.http().put('/api/v1/moderation/policy').send({ holdLinks: true }).expect(401);
    });

    it('sets the fields given, keeps the others, and audits each change once', async () => {
      const res = await putPolicy({ newCommenterPremoderation: 3, holdLinks: true }).expect(200);
      expect(res.body).toEqual({
        newCommenterPremoderation: 3,
        holdLinks: true,
        surgeCommentsPerMinute: 0,
        changed: true,
      });
      const again = await putPolicy({ holdLinks: true }).expect(200);
      expect(again.body.changed).toBe(false);
      const next = await putPolicy({ surgeCommentsPerMinute: 50 }).expect(200);
      expect(next.body).toMatchObject({ newCommenterPremoderation: 3, surgeCommentsPerMinute: 50 });
      expect((await kit.get('/moderation/policy', kit.moderator)).body).toMatchObject({
        newCommenterPremoderation: 3,
        holdLinks: true,
        surgeCommentsPerMinute: 50,
      });
      const entries = (await kit.auditEntries('global')).filter(
        (e) => e.action === 'policy.update',
      );
      expect(entries.slice(-2).map((e) => e.metadata)).toEqual([
        {
          newCommenterPremoderation: { from: 0, to: 3 },
          holdLinks: { from: false, to: true },
        },
        { surgeCommentsPerMinute: { from: 0, to: 50 } },
      ]);
      expect(entries.at(-1)).toMatchObject({ actorId: kit.admin.id, targetType: 'policy' });
    });

    it.each([
      [{ newCommenterPremoderation: -1 }],
      [{ newCommenterPremoderation: 1001 }],
      [{ newCommenterPremoderation: 1.5 }],
      [{ newCommenterPremoderation: '3' }],
      [{ holdLinks: 'yes' }],
      [{ surgeCommentsPerMinute: -5 }],
      [{ surgeCommentsPerMinute: 100001 }],
      [{ surgeCommentsPerMinute: null }],
      [{ other: 1 }],
    ])('refuses %j with 400 validation_failed', async (body) => {
      expect((await putPolicy(body).expect(400)).body.code).toBe('validation_failed');
    });
  });

  describe('POST /moderation/users/:userId/premoderate', () => {
    const premoderate = (userId: string, body: unknown, who = kit.moderator) =>
      kit.post(`/moderation/users/${userId}/premoderate`, who, body);

    it('turns it on and off, audited once per change', async () => {
      const user = await kit.commenter();
      expect((await premoderate(user.id, { enabled: true }).expect(200)).body).toEqual({
        userId: user.id,
        premoderated: true,
        changed: true,
      });
      expect((await premoderate(user.id, { enabled: true }).expect(200)).body.changed).toBe(false);
      expect((await premoderate(user.id, { enabled: false }).expect(200)).body).toEqual({
        userId: user.id,
        premoderated: false,
        changed: true,
      });
      expect((await premoderate(user.id, { enabled: false }).expect(200)).body.changed).toBe(false);
      const entries = (await kit.auditEntries(user.id)).filter(
        (e) => e.action === 'user.premoderate',
      );
      expect(entries.map((e) => e.metadata)).toEqual([{ enabled: true }, { enabled: false }]);
      expect(entries[0]).toMatchObject({ actorId: kit.moderator.id, targetType: 'user' });
    });

    it('answers 404 not_found for unknown or malformed ids', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid'])
        expect((await premoderate(id, { enabled: true }).expect(404)).body.code).toBe('not_found');
    });

    it.each([[{}], [{ enabled: 'yes' }], [{ enabled: true, extra: 1 }], [{ enabled: null }]])(
      'refuses %j with 400 validation_failed',
      async (body) => {
        const user = await kit.commenter();
        expect((await premoderate(user.id, body).expect(400)).body.code).toBe('validation_failed');
      },
    );

    it('is for moderators and admins only', async () => {
      const user = await kit.commenter();
      const reader = await registerAccount(kit.t);
      await premoderate(user.id, { enabled: true }, reader).expect(403);
      await kit
        .post(`/moderation/users/${user.id}/premoderate`, undefined, { enabled: true })
        .expect(401);
      await premoderate(user.id, { enabled: true }, kit.admin).expect(200);
    });
  });
});
