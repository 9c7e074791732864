import { createBillingKit, BillingKit } from '../support/billing';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createArticle, postComment } from '../support/threads';

/** The whole product path across identity, billing and threads, as a reader lives it. */
describe('subscriber journey', () => {
  let kit: BillingKit;
  let editor: TestAccount;
  beforeAll(async () => {
    kit = await createBillingKit();
    editor = await registerStaff(kit.t);
  });
  afterAll(() => kit.close());

  const post = (account: TestAccount, articleId: string, body = 'My two cents') =>
    kit.t.http().post(`/api/v1/articles/${articleId}/comments`).set(account.auth).send({ body });

  it('register → 403 → checkout → webhooks → post with a subscriber badge → cancel → 403', async () => {
    const articleId = await createArticle(kit.t, editor);
    const reader = await registerAccount(kit.t);
    expect((await post(reader, articleId).expect(403)).body.code).toBe('subscription_required');

    const subscription = await kit.subscribe(reader);
    await kit.deliver('customer.subscription.created', subscription).expect(200);
    const comment = (await post(reader, articleId).expect(201)).body;
    expect(comment).toMatchObject({
      status: 'visible',
      author: { id: reader.id, badge: 'subscriber' },
    });
    await kit.t.http().put(`/api/v1/comments/${comment.id}/like`).set(reader.auth).expect(204);

    const page = await kit.t.http().get(`/api/v1/articles/${articleId}/comments`).expect(200);
    expect(page.body.items[0]).toMatchObject({
      id: comment.id,
      likeCount: 1,
      author: { badge: 'subscriber' },
    });

    await kit
      .deliver(
        'customer.subscription.deleted',
        kit.stripe.updateSubscription(String(subscription.id), { status: 'canceled' }),
      )
      .expect(200);
    expect((await post(reader, articleId).expect(403)).body.code).toBe('subscription_required');
    expect(
      (
        await kit.t
          .http()
          .delete(`/api/v1/comments/${comment.id}/like`)
          .set(reader.auth)
          .expect(403)
      ).body.code,
    ).toBe('subscription_required');
    const after = await kit.t.http().get(`/api/v1/comments/${comment.id}`).expect(200);
    expect(after.body.author.badge).toBeNull();
  });

  it('keeps posting rights until the period ends when the subscription is cancelled at period end', async () => {
    const articleId = await createArticle(kit.t, editor);
    const reader = await registerAccount(kit.t);
    const subscription = await kit.subscribe(reader);
    const periodEnd = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const cancelling = kit.stripe.updateSubscription(String(subscription.id), {
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
    });
    await kit.deliver('customer.subscription.updated', cancelling).expect(200);
    const me = await kit.entitlement(reader);
    expect(me).toMatchObject({
      canComment: true,
      source: 'stripe',
      activeUntil: new Date(periodEnd * 1000).toISOString(),
    });
    await post(reader, articleId).expect(201);
  });

  it('erasing the account cancels the Stripe subscription and turns its comments into placeholders', async () => {
    const articleId = await createArticle(kit.t, editor);
    const reader = await registerAccount(kit.t);
    const subscription = await kit.subscribe(reader);
    const withReply = await postComment(kit.t, reader, articleId, 'I will be answered');
    await postComment(kit.t, reader, articleId, 'Nobody answers me');
    await postComment(kit.t, editor, articleId, 'An answer', withReply.id);
    expect(
      (await kit.t.http().get(`/api/v1/articles/${articleId}`).expect(200)).body.commentCount,
    ).toBe(3);

    await kit.t
      .http()
      .delete('/api/v1/me')
      .set(reader.auth)
      .send({ password: reader.password })
      .expect(204);

    expect(kit.stripe.subscriptions.get(String(subscription.id))).toMatchObject({
      status: 'canceled',
    });
    const page = await kit.t.http().get(`/api/v1/articles/${articleId}/comments`).expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({
      id: withReply.id,
      status: 'deleted',
      body: null,
      author: null,
      replyCount: 1,
    });
    expect(JSON.stringify(page.body)).not.toContain('I will be answered');
    expect(
      (await kit.t.http().get(`/api/v1/articles/${articleId}`).expect(200)).body.commentCount,
    ).toBe(1);
    await kit.t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: reader.email, password: reader.password })
      .expect(401);
    await registerAccount(kit.t, { email: reader.email });
  });

  it('keeps the account intact when Stripe cannot cancel, so erasure can be retried', async () => {
    const reader = await registerAccount(kit.t);
    await kit.subscribe(reader);
    kit.stripe.fail('DELETE', '/v1/subscriptions/', 500);
    const failed = await kit.t
      .http()
      .delete('/api/v1/me')
      .set(reader.auth)
      .send({ password: reader.password });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(failed.body)).not.toMatch(/stack|at .*\.js|sk_test/);
    await kit.t.http().get('/api/v1/me').set(reader.auth).expect(200);
    kit.stripe.clearFailures();
    await kit.t
      .http()
      .delete('/api/v1/me')
      .set(reader.auth)
      .send({ password: reader.password })
      .expect(204);
  });
});
