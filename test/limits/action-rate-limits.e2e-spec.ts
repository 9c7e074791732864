import { PrismaService } from '@parley/database';
import { FakeStripeServer } from '@parley/testing';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRICE = 'price_limits_monthly';

// Two of each per user per minute.
const limits = (stripe: FakeStripeServer, extra: Record<string, string> = {}) => ({
  RATE_LIMIT_DISABLED: 'false',
  LIKE_RATE_LIMIT_PER_MINUTE: '2',
  COMMENT_EDIT_RATE_LIMIT_PER_MINUTE: '2',
  REPORT_RATE_LIMIT_PER_MINUTE: '2',
  BILLING_RATE_LIMIT_PER_MINUTE: '2',
  PROFILE_RATE_LIMIT_PER_MINUTE: '2',
  // Accounts are registered from loopback throughout; that budget is not what this spec is about.
  AUTH_RATE_LIMIT_PER_IP: '100000',
  STRIPE_SECRET_KEY: 'sk_test_fake_0123456789',
  STRIPE_API_BASE: stripe.url,
  STRIPE_PRICE_IDS: PRICE,
  ...extra,
});

function expectLimited(res: {
  status: number;
  body: { code: string };
  headers: Record<string, string>;
}): void {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/**
 * Each case runs on a pair of instances, taking turns: the same instance twice (counters in
 * process), then two instances sharing one budget through Redis.
 */
describe.each([
  ['one instance, in process', false],
  ['two instances sharing Redis', true],
])('per-user limits of likes, edits, reports, billing and profile (%s)', (_name, shared) => {
  let stripe: FakeStripeServer;
  let a: TestApp;
  let b: TestApp;
  let staff: TestAccount;
  let articleId: string;
  const turns = () => [a, b, a, b];

  beforeAll(async () => {
    stripe = await FakeStripeServer.start();
    stripe.addPrice({
      id: PRICE,
      name: 'Monthly',
      amount: 900,
      currency: 'eur',
      interval: 'month',
    });
    const env = limits(stripe, shared ? { REDIS_URL } : {});
    a = await createTestApp(env);
    b = shared ? await createTestApp(env) : a;
    staff = await registerStaff(a);
    articleId = await createArticle(a, staff);
  });
  afterAll(async () => {
    await a.close();
    if (b !== a) await b.close();
    await stripe.stop();
  });

  it('likes and unlikes share one budget per user', async () => {
    const [liker, other] = await Promise.all([registerStaff(a), registerStaff(a)]);
    const comment = await postComment(a, staff, articleId);
    const like = (t: TestApp, who: TestAccount) =>
      t.http().put(`/api/v1/comments/${comment.id}/like`).set(who.auth);
    const [first, second, third] = turns();
    await like(first, liker).expect(204);
    await second.http().delete(`/api/v1/comments/${comment.id}/like`).set(liker.auth).expect(204);
    expectLimited(await like(third, liker));
    expectLimited(await first.http().delete(`/api/v1/comments/${comment.id}/like`).set(liker.auth));
    await like(second, other).expect(204);
    const stored = await a.http().get(`/api/v1/comments/${comment.id}`).expect(200);
    expect(stored.body.likeCount).toBe(1);
  });

  it('limits edits per user, across comments', async () => {
    const author = await registerStaff(a);
    const [c1, c2] = [
      await postComment(a, author, articleId),
      await postComment(a, author, articleId),
    ];
    const edit = (t: TestApp, id: string, body: string) =>
      t.http().patch(`/api/v1/comments/${id}`).set(author.auth).send({ body });
    const [first, second, third] = turns();
    await edit(first, c1.id, 'first edit').expect(200);
    await edit(second, c2.id, 'second edit').expect(200);
    expectLimited(await edit(third, c1.id, 'third edit'));
    const kept = await a.http().get(`/api/v1/comments/${c1.id}`).expect(200);
    expect(kept.body.body).toBe('first edit');
  });

  it('limits reports per user, across comments', async () => {
    const reporter = await registerAccount(a);
    const comments = [
      await postComment(a, staff, articleId),
      await postComment(a, staff, articleId),
      await postComment(a, staff, articleId),
    ];
    const report = (t: TestApp, id: string) =>
      t.http().post(`/api/v1/comments/${id}/reports`).set(reporter.auth).send({ reason: 'spam' });
    const [first, second, third] = turns();
    await report(first, comments[0].id).expect(201);
    await report(second, comments[1].id).expect(201);
    expectLimited(await report(third, comments[2].id));
    expect(
      await a.app.get(PrismaService).commentReport.count({ where: { reporterId: reporter.id } }),
    ).toBe(2);
  });

  it('limits checkout and portal sessions together, per user', async () => {
    const [buyer, other] = await Promise.all([registerAccount(a), registerAccount(a)]);
    const [first, second, third, fourth] = turns();
    await first
      .http()
      .post('/api/v1/billing/checkout')
      .set(buyer.auth)
      .send({ priceId: PRICE })
      .expect(201);
    await second.http().post('/api/v1/billing/portal').set(buyer.auth).expect(201);
    expectLimited(
      await third.http().post('/api/v1/billing/checkout').set(buyer.auth).send({ priceId: PRICE }),
    );
    expectLimited(await fourth.http().post('/api/v1/billing/portal').set(buyer.auth));
    await first
      .http()
      .post('/api/v1/billing/checkout')
      .set(other.auth)
      .send({ priceId: PRICE })
      .expect(201);
  });

  it('limits profile changes (PATCH /me) per user', async () => {
    const reader = await registerAccount(a);
    const rename = (t: TestApp, displayName: string) =>
      t.http().patch('/api/v1/me').set(reader.auth).send({ displayName });
    const [first, second, third] = turns();
    await rename(first, 'Ada One').expect(200);
    await rename(second, 'Ada Two').expect(200);
    expectLimited(await rename(third, 'Ada Three'));
    expect((await a.http().get('/api/v1/me').set(reader.auth).expect(200)).body.displayName).toBe(
      'Ada Two',
    );
  });
});

describe('COMMENT_REVISIONS_MAX', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ COMMENT_REVISIONS_MAX: '3' });
  });
  afterAll(() => t.close());

  it('keeps only the latest earlier texts, deleting the oldest in the edit', async () => {
    const author = await registerStaff(t);
    const articleId = await createArticle(t, author);
    const comment = await postComment(t, author, articleId, 'version 0');
    for (let v = 1; v <= 6; v++) {
      await t
        .http()
        .patch(`/api/v1/comments/${comment.id}`)
        .set(author.auth)
        .send({ body: `version ${v}` })
        .expect(200);
    }
    const revisions = await t.app.get(PrismaService).commentRevision.findMany({
      where: { commentId: comment.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(revisions.map((r) => r.body)).toEqual(['version 3', 'version 4', 'version 5']);
  });
});

describe('RATE_LIMIT_DISABLED=true', () => {
  let stripe: FakeStripeServer;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await FakeStripeServer.start();
    t = await createTestApp(limits(stripe, { RATE_LIMIT_DISABLED: 'true' }));
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  it('turns these limits off too', async () => {
    const staff = await registerStaff(t);
    const comment = await postComment(t, staff, await createArticle(t, staff));
    for (let i = 0; i < 4; i++) {
      await t.http().put(`/api/v1/comments/${comment.id}/like`).set(staff.auth).expect(204);
      await t
        .http()
        .patch(`/api/v1/comments/${comment.id}`)
        .set(staff.auth)
        .send({ body: `edit ${i}` })
        .expect(200);
      await t
        .http()
        .patch('/api/v1/me')
        .set(staff.auth)
        .send({ displayName: `Ada ${i}` })
        .expect(200);
    }
  });
});

describe('OpenAPI of the limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['put', '/api/v1/comments/{commentId}/like', '429', 'LIKE_RATE_LIMIT_PER_MINUTE'],
    ['delete', '/api/v1/comments/{commentId}/like', '429', 'LIKE_RATE_LIMIT_PER_MINUTE'],
    ['patch', '/api/v1/comments/{commentId}', '429', 'COMMENT_EDIT_RATE_LIMIT_PER_MINUTE'],
    ['post', '/api/v1/comments/{commentId}/reports', '429', 'REPORT_RATE_LIMIT_PER_MINUTE'],
    ['post', '/api/v1/billing/checkout', '429', 'BILLING_RATE_LIMIT_PER_MINUTE'],
    ['post', '/api/v1/billing/portal', '429', 'BILLING_RATE_LIMIT_PER_MINUTE'],
    ['patch', '/api/v1/me', '429', 'PROFILE_RATE_LIMIT_PER_MINUTE'],
    ['post', '/api/v1/auth/login', '429', 'Successes never count'],
    ['post', '/api/v1/auth/login', '503', 'PASSWORD_HASH_QUEUE'],
    ['post', '/api/v1/auth/register', '503', 'PASSWORD_HASH_QUEUE'],
    ['post', '/api/v1/auth/password', '503', 'PASSWORD_HASH_QUEUE'],
    ['delete', '/api/v1/me', '503', 'PASSWORD_HASH_QUEUE'],
    ['post', '/api/v1/articles/{articleId}/comments', '409', 'duplicate_comment'],
  ])('documents %s %s answering %s (%s)', async (method, path, status, mention) => {
    const doc = (await t.http().get('/api/v1/docs-json').expect(200)).body;
    const response = doc.paths[path]?.[method]?.responses?.[status];
    expect(response?.description ?? '').toContain(mention);
  });
});
