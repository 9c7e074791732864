import { PrismaService } from '@parley/database';
import { randomUUID } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment, uniqueArticleId } from '../support/threads';

describe('comment policy per article: audience, closing, slow mode', () => {
  let t: TestApp;
  let editor: TestAccount;
  let admin: TestAccount;
  let prisma: PrismaService;

  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
    [editor, admin] = await Promise.all([registerStaff(t), registerStaff(t, 'admin')]);
  });
  afterAll(() => t.close());

  const put = (id: string, body: Record<string, unknown>, who = editor) =>
    t
      .http()
      .put(`/api/v1/articles/${encodeURIComponent(id)}`)
      .set(who.auth)
      .send({ title: 'A story', ...body });
  const view = (id: string, who?: TestAccount) => {
    const req = t.http().get(`/api/v1/articles/${encodeURIComponent(id)}`);
    return who ? req.set(who.auth) : req;
  };
  const post = (id: string, who: TestAccount, body = `Hello ${randomUUID()}`) =>
    t
      .http()
      .post(`/api/v1/articles/${encodeURIComponent(id)}/comments`)
      .set(who.auth)
      .send({ body });

  async function complimentary(): Promise<TestAccount> {
    const reader = await registerAccount(t);
    await t
      .http()
      .put(`/api/v1/admin/users/${reader.id}/complimentary`)
      .set(admin.auth)
      .send({})
      .expect(200);
    return reader;
  }

  async function stripeSubscriber(priceId: string): Promise<TestAccount> {
    const reader = await registerAccount(t);
    const customerId = `cus_${randomUUID()}`;
    await prisma.stripeCustomer.create({ data: { userId: reader.id, customerId } });
    await prisma.stripeSubscription.create({
      data: {
        id: `sub_${randomUUID()}`,
        userId: reader.id,
        customerId,
        status: 'active',
        priceId,
        currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
        stateAsOf: new Date(),
      },
    });
    return reader;
  }

  describe('audience', () => {
    it('subscribers (default): a reader without a grant is refused, with the reason shown', async () => {
      const id = await createArticle(t, editor);
      const reader = await registerAccount(t);
      expect((await view(id, reader).expect(200)).body).toMatchObject({
        audience: 'subscribers',
        plans: [],
        viewer: { canComment: false, reason: 'subscription_required' },
      });
      expect((await post(id, reader).expect(403)).body.code).toBe('subscription_required');
      const member = await complimentary();
      expect((await view(id, member)).body.viewer).toEqual({ canComment: true, reason: null });
      await post(id, member).expect(201);
      expect((await view(id).expect(200)).body.viewer).toBeUndefined();
    });

    it('registered: any verified account, not an unverified one', async () => {
      const id = await createArticle(t, editor, { audience: 'registered' });
      const reader = await registerAccount(t);
      expect((await view(id, reader)).body.viewer).toEqual({ canComment: true, reason: null });
      await post(id, reader).expect(201);
      const unverified = await registerAccount(t, {}, { verified: false });
      expect((await view(id, unverified)).body.viewer).toEqual({
        canComment: false,
        reason: 'email_unverified',
      });
      expect((await post(id, unverified).expect(403)).body.code).toBe('email_unverified');
    });

    it('plans: only subscribers of a listed price; complimentary grants are not a plan', async () => {
      const id = await createArticle(t, editor, {
        audience: 'plans',
        plans: ['price_premium_test'],
      });
      expect((await view(id).expect(200)).body).toMatchObject({
        audience: 'plans',
        plans: ['price_premium_test'],
      });
      const premium = await stripeSubscriber('price_premium_test');
      const basic = await stripeSubscriber('price_basic_test');
      const member = await complimentary();
      expect((await view(id, premium)).body.viewer).toEqual({ canComment: true, reason: null });
      await post(id, premium).expect(201);
      for (const reader of [basic, member]) {
        expect((await view(id, reader)).body.viewer).toEqual({
          canComment: false,
          reason: 'subscription_required',
        });
        expect((await post(id, reader).expect(403)).body.code).toBe('subscription_required');
      }
    });

    it('staff: readers are refused with forbidden, staff post', async () => {
      const id = await createArticle(t, editor, { audience: 'staff' });
      const member = await complimentary();
      expect((await view(id, member)).body.viewer).toEqual({
        canComment: false,
        reason: 'forbidden',
      });
      expect((await post(id, member).expect(403)).body.code).toBe('forbidden');
      expect((await view(id, editor)).body.viewer).toEqual({ canComment: true, reason: null });
      await post(id, editor).expect(201);
    });

    it('switching the audience away from plans clears the plans; plans alone keep the audience', async () => {
      const id = await createArticle(t, editor, { audience: 'plans', plans: ['a', 'a', 'b'] });
      expect((await view(id)).body.plans).toEqual(['a', 'b']);
      expect((await put(id, { plans: ['c'] }).expect(200)).body).toMatchObject({
        audience: 'plans',
        plans: ['c'],
      });
      expect((await put(id, { audience: 'registered' }).expect(200)).body).toMatchObject({
        audience: 'registered',
        plans: [],
      });
      const audit = await prisma.moderationAction.findMany({
        where: { targetId: id },
        orderBy: { createdAt: 'asc' },
      });
      expect(audit.at(-1)!.metadata).toMatchObject({
        audience: { from: 'plans', to: 'registered' },
        plans: { from: ['c'], to: [] },
      });
    });
  });

  describe('closing', () => {
    it('closes at closesAt, compared at read time, and shows it', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      const id = await createArticle(t, editor, { closesAt: soon });
      const member = await complimentary();
      expect((await view(id, member)).body).toMatchObject({
        state: 'open',
        closesAt: soon,
        viewer: { canComment: true },
      });
      await post(id, member).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await view(id, member)).body).toMatchObject({
        state: 'closed',
        viewer: { canComment: false, reason: 'comments_closed' },
      });
      expect((await post(id, member).expect(403)).body.code).toBe('comments_closed');
      const reopened = await put(id, { closesAt: null }).expect(200);
      expect(reopened.body).toMatchObject({ state: 'open', closesAt: null });
      await post(id, member).expect(201);
    });

    it('reopens on an explicit state "open" by clearing a closesAt that has passed', async () => {
      const id = await createArticle(t, editor, {
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const passed = new Date(Date.now() - 60_000);
      await prisma.article.update({ where: { id }, data: { closesAt: passed } });
      expect((await view(id)).body).toMatchObject({
        state: 'closed',
        closesAt: passed.toISOString(),
      });

      const reopened = await put(id, { title: 'C3', state: 'open' }).expect(200);
      expect(reopened.body).toMatchObject({ title: 'C3', state: 'open', closesAt: null });
      expect((await view(id)).body).toMatchObject({ state: 'open', closesAt: null });
      await post(id, await complimentary()).expect(201);
      const [entry] = await prisma.moderationAction.findMany({
        where: { targetId: id, action: 'article.update', actorId: editor.id },
        orderBy: { createdAt: 'desc' },
        take: 1,
      });
      expect(entry.metadata).toMatchObject({
        closesAt: { from: passed.toISOString(), to: null },
      });
    });

    it('refuses state "open" with a closesAt that has passed (400), changing nothing', async () => {
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const id = await createArticle(t, editor, { state: 'closed', closesAt: later });
      const past = new Date(Date.now() - 60_000).toISOString();
      const refused = await put(id, { title: 'Changed', state: 'open', closesAt: past }).expect(
        400,
      );
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'closesAt', message: expect.stringContaining('future') }],
      });
      expect((await view(id)).body).toMatchObject({
        title: 'A story',
        state: 'closed',
        closesAt: later,
      });
      const fresh = uniqueArticleId();
      await put(fresh, { state: 'open', closesAt: past }).expect(400);
      await view(fresh).expect(404);
    });

    it('refuses state "open" on an auto-closed article (409) until a future closesAt comes with it', async () => {
      const auto = await createTestApp({ ARTICLE_AUTO_CLOSE_DAYS: '3' });
      try {
        const staff = await registerStaff(auto);
        const id = await createArticle(auto, staff);
        const aged = new Date(Date.now() - 4 * 86_400_000);
        await prisma.article.update({ where: { id }, data: { createdAt: aged } });
        const autoClosed = new Date(aged.getTime() + 3 * 86_400_000).toISOString();
        const putAuto = (body: Record<string, unknown>) =>
          auto
            .http()
            .put(`/api/v1/articles/${id}`)
            .set(staff.auth)
            .send({ title: 'A story', ...body });
        const get = () => auto.http().get(`/api/v1/articles/${id}`).expect(200);

        for (const body of [
          { title: 'C3', state: 'open' },
          { state: 'open', closesAt: null },
        ]) {
          const refused = await putAuto(body).expect(409);
          expect(refused.body).toMatchObject({
            code: 'conflict',
            message: expect.stringContaining('future closesAt'),
          });
          expect((await get()).body).toMatchObject({
            title: 'A story',
            state: 'closed',
            closesAt: autoClosed,
          });
        }
        const later = new Date(Date.now() + 86_400_000).toISOString();
        expect((await putAuto({ state: 'open', closesAt: later }).expect(200)).body).toMatchObject({
          state: 'open',
          closesAt: later,
        });
      } finally {
        await auto.close();
      }
    });

    it('ARTICLE_AUTO_CLOSE_DAYS closes old articles unless closesAt says otherwise', async () => {
      const auto = await createTestApp({ ARTICLE_AUTO_CLOSE_DAYS: '3' });
      try {
        const staff = await registerStaff(auto);
        const reader = await registerAccount(auto);
        const [fresh, old, extended] = [uniqueArticleId(), uniqueArticleId(), uniqueArticleId()];
        for (const id of [fresh, old, extended])
          await createArticle(auto, staff, { audience: 'registered' }, id);
        const aged = new Date(Date.now() - 4 * 86_400_000);
        await prisma.article.updateMany({
          where: { id: { in: [old, extended] } },
          data: { createdAt: aged },
        });
        const later = new Date(Date.now() + 86_400_000).toISOString();
        await auto
          .http()
          .put(`/api/v1/articles/${extended}`)
          .set(staff.auth)
          .send({ title: 'A story', closesAt: later })
          .expect(200);
        const get = (id: string) =>
          auto.http().get(`/api/v1/articles/${id}`).set(reader.auth).expect(200);
        expect((await get(fresh)).body.state).toBe('open');
        expect((await get(old)).body).toMatchObject({
          state: 'closed',
          closesAt: new Date(aged.getTime() + 3 * 86_400_000).toISOString(),
          viewer: { canComment: false, reason: 'comments_closed' },
        });
        expect((await get(extended)).body).toMatchObject({ state: 'open', closesAt: later });
        await postComment(auto, reader, fresh);
        await postComment(auto, reader, extended);
        const refused = await auto
          .http()
          .post(`/api/v1/articles/${old}/comments`)
          .set(reader.auth)
          .send({ body: 'Too late' })
          .expect(403);
        expect(refused.body.code).toBe('comments_closed');
      } finally {
        await auto.close();
      }
    });
  });

  describe('slow mode', () => {
    it('allows one comment per user per slowModeSeconds on the article (429 slow_mode, Retry-After)', async () => {
      const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 2 });
      const other = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 2 });
      const [a, b] = [await registerAccount(t), await registerAccount(t)];
      await post(id, a).expect(201);
      const refused = await post(id, a).expect(429);
      expect(refused.body.code).toBe('slow_mode');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
      // Per user, per article.
      await post(id, b).expect(201);
      await post(other, a).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await post(id, a).expect(201);
      await put(id, { slowModeSeconds: 0 }).expect(200);
      await post(id, a).expect(201);
    });

    /** The statuses of `posts` fired at once, sorted, and the refusals' bodies and Retry-After. */
    async function race(posts: (() => ReturnType<typeof post>)[]) {
      const answers = await Promise.all(posts.map((send) => send()));
      const refused = answers.filter((res) => res.status !== 201);
      return {
        created: answers.filter((res) => res.status === 201),
        refusals: refused.map((res) => ({
          status: res.status,
          code: res.body.code as string,
          retryAfter: Number(res.headers['retry-after']),
        })),
      };
    }

    it('lets exactly one of 10 posts racing from one user through, the other nine 429 slow_mode with Retry-After', async () => {
      const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
      const author = await registerAccount(t);
      const { created, refusals } = await race(
        Array.from({ length: 10 }, (_, i) => () => post(id, author, `Racing post ${i}`)),
      );
      expect(created).toHaveLength(1);
      expect(refusals).toHaveLength(9);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ status: 429, code: 'slow_mode' });
        expect(refusal.retryAfter).toBeGreaterThanOrEqual(59);
        expect(refusal.retryAfter).toBeLessThanOrEqual(60);
      }
      expect(await prisma.comment.count({ where: { articleId: id } })).toBe(1);
    });

    it('holds across instances: 10 posts racing through two instances make one comment', async () => {
      const second = await createTestApp();
      try {
        const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
        const author = await registerAccount(t);
        const through = (app: TestApp, i: number) => () =>
          app
            .http()
            .post(`/api/v1/articles/${encodeURIComponent(id)}/comments`)
            .set(author.auth)
            .send({ body: `Racing post ${i}` });
        const { created, refusals } = await race(
          Array.from({ length: 10 }, (_, i) => through(i % 2 ? second : t, i)),
        );
        expect(created).toHaveLength(1);
        expect(refusals.map((r) => r.code)).toEqual(Array(9).fill('slow_mode'));
      } finally {
        await second.close();
      }
    });

    it('leaves posts racing on an article without slow mode alone: all of them are written', async () => {
      const id = await createArticle(t, editor, { audience: 'registered' });
      const author = await registerAccount(t);
      const { created } = await race(
        Array.from({ length: 3 }, (_, i) => () => post(id, author, `Unpaced post ${i}`)),
      );
      expect(created).toHaveLength(3);
    });

    it('holds for replies racing top-level posts of the same user too', async () => {
      const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
      const [author, other] = [await registerAccount(t), await registerAccount(t)];
      const parent = await postComment(t, other, id, 'A comment to answer');
      const { created, refusals } = await race(
        Array.from(
          { length: 8 },
          (_, i) => () =>
            t
              .http()
              .post(`/api/v1/articles/${encodeURIComponent(id)}/comments`)
              .set(author.auth)
              .send(i % 2 ? { body: `Reply ${i}`, parentId: parent.id } : { body: `Post ${i}` }),
        ),
      );
      expect(created).toHaveLength(1);
      expect(refusals.map((r) => r.code)).toEqual(Array(7).fill('slow_mode'));
      expect(await prisma.comment.count({ where: { articleId: id, authorId: author.id } })).toBe(1);
    });

    it('serialises each user alone: two users racing on one article both post, as do posts to two articles', async () => {
      const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
      const other = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
      const [a, b] = [await registerAccount(t), await registerAccount(t)];
      for (let round = 0; round < 3; round++) {
        const article = await createArticle(t, editor, {
          audience: 'registered',
          slowModeSeconds: 60,
        });
        const { created } = await race([() => post(article, a), () => post(article, b)]);
        expect(created).toHaveLength(2);
      }
      const { created } = await race([() => post(id, a), () => post(other, a)]);
      expect(created).toHaveLength(2);
    });

    it('answers a retry racing its original (same Idempotency-Key) with the original comment, not slow_mode', async () => {
      const id = await createArticle(t, editor, { audience: 'registered', slowModeSeconds: 60 });
      const author = await registerAccount(t);
      const key = randomUUID();
      const send = () =>
        t
          .http()
          .post(`/api/v1/articles/${encodeURIComponent(id)}/comments`)
          .set(author.auth)
          .set('Idempotency-Key', key)
          .send({ body: 'Sent twice by a flaky connection' });
      const { created, refusals } = await race([send, send, send]);
      expect(refusals).toEqual([]);
      expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
    });
  });

  describe('bad input', () => {
    it.each([
      [{ audience: 'everyone' }, 'audience'],
      [{ audience: 'plans' }, 'plans'],
      [{ audience: 'plans', plans: [] }, 'plans'],
      [{ audience: 'registered', plans: ['x'] }, 'plans'],
      [{ plans: 'price_x' }, 'plans'],
      [{ audience: 'plans', plans: [''] }, 'plans'],
      [{ audience: 'plans', plans: [7] }, 'plans'],
      [{ slowModeSeconds: -1 }, 'slowModeSeconds'],
      [{ slowModeSeconds: 3601 }, 'slowModeSeconds'],
      [{ slowModeSeconds: 1.5 }, 'slowModeSeconds'],
      [{ slowModeSeconds: '10' }, 'slowModeSeconds'],
      [{ closesAt: 'tomorrow' }, 'closesAt'],
      [{ closesAt: 1767225600000 }, 'closesAt'],
      [{ premoderatedUntil: null }, 'premoderatedUntil'],
      [{ viewer: {} }, 'viewer'],
      [{ audience: null }, 'audience'],
      [{ plans: null, audience: 'plans' }, 'plans'],
      [{ slowModeSeconds: null }, 'slowModeSeconds'],
      [{ state: null }, 'state'],
      [{ moderation: null }, 'moderation'],
    ])('%j → 400 validation_failed on %s', async (body, field) => {
      const res = await put(uniqueArticleId(), body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it.each([
      '2030-W01',
      '2030-W01-1',
      '20300101T000000Z',
      '2030-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
    ])(
      'closesAt %s, ISO-8601 that no instant of years 0001–9999 matches: 400, never a 500, and the article is kept',
      async (closesAt) => {
        const later = new Date(Date.now() + 86_400_000).toISOString();
        const id = await createArticle(t, editor, { closesAt: later });
        const res = await put(id, { title: 'T', closesAt }).expect(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
          details: [{ field: 'closesAt', message: expect.stringContaining('ISO-8601 date-time') }],
        });
        expect((await view(id).expect(200)).body).toMatchObject({
          title: 'A story',
          state: 'open',
          closesAt: later,
        });
      },
    );

    it('keeps the policy of an existing article when a PUT is refused', async () => {
      const id = await createArticle(t, editor, { audience: 'plans', plans: ['p'] });
      await put(id, { audience: 'plans', plans: [] }).expect(400);
      expect((await view(id)).body).toMatchObject({ audience: 'plans', plans: ['p'] });
    });

    it('lets only moderators and admins set the policy', async () => {
      const reader = await registerAccount(t);
      await put(uniqueArticleId(), { audience: 'staff' }, reader).expect(403);
      await t
        .http()
        .put(`/api/v1/articles/${uniqueArticleId()}`)
        .send({ title: 'x', audience: 'staff' })
        .expect(401);
    });
  });
});
