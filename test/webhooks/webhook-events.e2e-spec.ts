import { BillingReconcileService, StripeEntitlementChanges } from '@parley/billing';
import { PrismaService } from '@parley/database';
import { WEBHOOK_EVENT_TYPES } from '@parley/webhooks';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { BillingKit, createBillingKit } from '../support/billing';
import { grantPosting, registerPostingReader } from '../support/mail';
import { SSO_ENV, signSsoToken } from '../support/sso';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';
import { verify, WebhookReceiver } from './receiver';

jest.setTimeout(60_000);

/** Each event type, fired by its route, arrives signed with the payload the README documents. */
describe('webhook events from their routes', () => {
  let kit: BillingKit;
  let t: TestApp;
  let admin: TestAccount;
  let moderator: TestAccount;
  let receiver: WebhookReceiver;
  let secret: string;

  beforeAll(async () => {
    kit = await createBillingKit({
      ...SSO_ENV,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      OUTBOX_POLL_INTERVAL_MS: '50',
      OUTBOX_RETRY_BASE_SECONDS: '1',
    });
    t = kit.t;
    admin = await registerStaff(t, 'admin');
    moderator = await registerStaff(t, 'moderator');
    receiver = new WebhookReceiver();
    const url = await receiver.start();
    const res = await t
      .http()
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url, events: WEBHOOK_EVENT_TYPES })
      .expect(201);
    secret = res.body.secret;
  });
  afterAll(async () => {
    await t.app.get(PrismaService).webhookEndpoint.deleteMany();
    await kit.close();
    await receiver.stop();
  });

  /** The one event of this type and data, verified; fails if it came twice. */
  async function one(type: string, data: Record<string, unknown>) {
    const [received] = await receiver.waitFor(type, data);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.events(type, data)).toHaveLength(1);
    return verify(secret, received).data;
  }

  it('comment.created, comment.edited and comment.deleted from the author', async () => {
    const reader = await registerPostingReader(t, admin);
    const articleId = await createArticle(t, admin);
    const top = await postComment(t, reader, articleId);
    const reply = await postComment(t, reader, articleId, 'A reply', top.id);
    const expected = { articleId, authorId: reader.id, status: 'visible' };
    expect(await one('comment.created', { commentId: top.id })).toEqual({
      commentId: top.id,
      parentId: null,
      ...expected,
    });
    expect(await one('comment.created', { commentId: reply.id })).toEqual({
      commentId: reply.id,
      parentId: top.id,
      ...expected,
    });

    await t
      .http()
      .patch(`/api/v1/comments/${top.id}`)
      .set(reader.auth)
      .send({ body: 'Edited' })
      .expect(200);
    expect(await one('comment.edited', { commentId: top.id })).toEqual({
      commentId: top.id,
      parentId: null,
      ...expected,
    });

    await t.http().delete(`/api/v1/comments/${reply.id}`).set(reader.auth).expect(204);
    await t.http().delete(`/api/v1/comments/${reply.id}`).set(reader.auth).expect(204);
    expect(await one('comment.deleted', { commentId: reply.id })).toEqual({
      commentId: reply.id,
      parentId: top.id,
      ...expected,
      status: 'deleted',
    });
  });

  it('comment.created (pending), comment.approved and comment.rejected from moderators', async () => {
    const reader = await registerPostingReader(t, admin);
    const articleId = await createArticle(t, admin, { moderation: 'pre' });
    const held = await postComment(t, reader, articleId);
    const other = await postComment(t, reader, articleId);
    expect(await one('comment.created', { commentId: held.id })).toMatchObject({
      status: 'pending',
    });
    const decide = (id: string, kind: string, body = {}) =>
      t
        .http()
        .post(`/api/v1/moderation/comments/${id}/${kind}`)
        .set(moderator.auth)
        .send(body)
        .expect(200);
    await decide(held.id, 'approve');
    await decide(held.id, 'approve');
    expect(await one('comment.approved', { commentId: held.id })).toEqual({
      commentId: held.id,
      articleId,
      parentId: null,
      authorId: reader.id,
      status: 'visible',
      code: null,
    });
    await decide(other.id, 'reject', { code: 'spam', reason: 'Bought links' });
    const rejected = await one('comment.rejected', { commentId: other.id });
    expect(rejected).toEqual({
      commentId: other.id,
      articleId,
      parentId: null,
      authorId: reader.id,
      status: 'removed',
      code: 'spam',
    });
    expect(JSON.stringify(receiver.events())).not.toContain('Bought links');
  });

  it('user.suspended, user.banned and user.unbanned from sanctions', async () => {
    const reader = await registerAccount(t);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const sanction = (kind: string, body = {}) =>
      t
        .http()
        .post(`/api/v1/moderation/users/${reader.id}/${kind}`)
        .set(moderator.auth)
        .send(body)
        .expect(200);
    await sanction('suspend', { until, reason: 'cool off' });
    expect(await one('user.suspended', { userId: reader.id })).toEqual({
      userId: reader.id,
      until,
    });
    await sanction('ban', { removeComments: true });
    await sanction('ban');
    expect(await one('user.banned', { userId: reader.id })).toEqual({
      userId: reader.id,
      removedComments: 0,
    });
    await sanction('unban');
    expect(await one('user.unbanned', { userId: reader.id })).toEqual({ userId: reader.id });
  });

  it('entitlement.changed from complimentary grants', async () => {
    const reader = await registerAccount(t);
    await grantPosting(t, admin, reader);
    expect(await one('entitlement.changed', { userId: reader.id, granted: true })).toEqual({
      userId: reader.id,
      source: 'complimentary',
      granted: true,
      until: null,
    });
    const path = `/api/v1/admin/users/${reader.id}/complimentary`;
    await t.http().delete(path).set(admin.auth).expect(204);
    await t.http().delete(path).set(admin.auth).expect(204);
    expect(await one('entitlement.changed', { userId: reader.id, granted: false })).toEqual({
      userId: reader.id,
      source: 'complimentary',
      granted: false,
      until: null,
    });
  });

  it('entitlement.changed from a Stripe subscription applied', async () => {
    const reader = await registerAccount(t);
    const subscription = await kit.subscribe(reader);
    const data = await one('entitlement.changed', { userId: reader.id, source: 'stripe' });
    expect(data).toMatchObject({
      userId: reader.id,
      source: 'stripe',
      subscriptionId: subscription.id,
      status: 'active',
      cancelAtPeriodEnd: false,
    });
    expect(Date.parse(String(data.until))).toBeGreaterThan(Date.now());
  });

  it('entitlement.changed for the user the change saw, when the caller had read another', async () => {
    const [reader, other] = [await registerAccount(t), await registerAccount(t)];
    const snapshot = {
      id: `sub_misread_${Date.now()}`,
      customerId: await kit.customerOf(reader),
      status: 'active',
      priceId: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      metadataUserId: null,
    };
    const changes = t.app.get(StripeEntitlementChanges);
    expect(await changes.apply(snapshot, new Date(), undefined, other.id)).toBe('created');
    expect(await one('entitlement.changed', { subscriptionId: snapshot.id })).toMatchObject({
      userId: reader.id,
      status: 'active',
    });
    const [{ n }] = await t.app.get(PrismaService).$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'body' LIKE ${`%${other.id}%`}`;
    expect(n).toBe(0);
  });

  it('entitlement.changed from reconciliation (a missed Stripe webhook) and a deleted customer', async () => {
    const reader = await registerAccount(t);
    const customerId = await kit.customerOf(reader);
    const missed = kit.stripe.createSubscription({ customerId, status: 'active' });
    await t.app.get(BillingReconcileService).reconcileAll();
    expect(
      await one('entitlement.changed', { userId: reader.id, subscriptionId: missed.id }),
    ).toMatchObject({ source: 'stripe', status: 'active' });

    await kit.deliver('customer.deleted', { id: customerId, object: 'customer' }).expect(200);
    expect(await one('entitlement.changed', { userId: reader.id, subscriptionId: null })).toEqual({
      userId: reader.id,
      source: 'stripe',
      subscriptionId: null,
      status: 'canceled',
      until: null,
      cancelAtPeriodEnd: false,
    });
  });

  it('entitlement.changed from a publisher sign-in token (granted, then withdrawn)', async () => {
    const sub = `reader-${Date.now()}`;
    const until = Math.floor(Date.now() / 1000) + 86_400;
    const entitlement = { commenting: true, until, plan: 'premium' };
    const signIn = async (claims: Record<string, unknown>) =>
      t
        .http()
        .post('/api/v1/auth/sso')
        .send({ token: await signSsoToken({ sub, claims }) })
        .expect(200);
    const userId = (await signIn({ entitlement })).body.user.id;
    expect(await one('entitlement.changed', { userId, granted: true })).toEqual({
      userId,
      source: 'publisher',
      granted: true,
      until: new Date(until * 1000).toISOString(),
      plan: 'premium',
    });
    await signIn({ entitlement }); // the same entitlement again: nothing changed, nothing sent
    await signIn({});
    expect(await one('entitlement.changed', { userId, granted: false })).toEqual({
      userId,
      source: 'publisher',
      granted: false,
      until: null,
      plan: null,
    });
    expect(receiver.events('entitlement.changed', { userId })).toHaveLength(2);
  });
});
