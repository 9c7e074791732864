import {
  BillingErasureService,
  BillingReconcileService,
  EntitlementService,
} from '@parley/billing';
import { registerAccount, registerStaff } from '../support/accounts';
import { BillingKit, createBillingKit, invoiceOf } from '../support/billing';

describe('billing journey, reconciliation, erasure and badges', () => {
  let kit: BillingKit;
  beforeAll(async () => {
    kit = await createBillingKit();
  });
  afterAll(() => kit.close());

  it('register → checkout → webhooks → can comment → subscription deleted → subscription_required', async () => {
    const account = await registerAccount(kit.t);
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
      source: null,
      subscription: null,
    });
    const checkout = await kit.checkout(account).expect(201);
    const { session, subscription } = kit.stripe.completeCheckout(checkout.body.id);
    expect(subscription.metadata).toEqual({ userId: account.id });
    await kit.deliver('customer.subscription.created', subscription).expect(200);
    await kit.deliver('checkout.session.completed', session).expect(200);
    await kit.deliver('invoice.paid', invoiceOf(subscription.id, 'in_j')).expect(200);
    const entitled = await kit.entitlement(account);
    expect(entitled).toMatchObject({
      canComment: true,
      reason: null,
      source: 'stripe',
      activeUntil: null,
      subscription: { status: 'active', priceId: 'price_monthly_test', cancelAtPeriodEnd: false },
    });
    expect(entitled.subscription).toHaveProperty('currentPeriodEnd', expect.any(String));
    await kit
      .deliver(
        'customer.subscription.deleted',
        kit.stripe.updateSubscription(String(subscription.id), { status: 'canceled' }),
      )
      .expect(200);
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
      source: null,
      subscription: { status: 'canceled' },
    });
  });

  it('lets staff post without a subscription, and lets a ban win over a subscription', async () => {
    const moderator = await registerStaff(kit.t);
    expect(await kit.entitlement(moderator)).toMatchObject({ canComment: true, source: 'staff' });
    const account = await registerAccount(kit.t);
    await kit.subscribe(account);
    await kit.prisma.user.update({ where: { id: account.id }, data: { status: 'banned' } });
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      reason: 'user_banned',
    });
  });

  describe('complimentary access', () => {
    it('grants until a date, shows it on /me, and revokes it idempotently', async () => {
      const admin = await registerStaff(kit.t, 'admin');
      const account = await registerAccount(kit.t);
      const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const res = await kit.t
        .http()
        .put(`/api/v1/admin/users/${account.id}/complimentary`)
        .set(admin.auth)
        .send({ until })
        .expect(200);
      expect(res.body).toEqual({ userId: account.id, until });
      expect(await kit.entitlement(account)).toMatchObject({
        canComment: true,
        source: 'complimentary',
        activeUntil: until,
      });
      const forever = await kit.t
        .http()
        .put(`/api/v1/admin/users/${account.id}/complimentary`)
        .set(admin.auth)
        .send({})
        .expect(200);
      expect(forever.body).toEqual({ userId: account.id, until: null });
      await kit.t
        .http()
        .delete(`/api/v1/admin/users/${account.id}/complimentary`)
        .set(admin.auth)
        .expect(204);
      await kit.t
        .http()
        .delete(`/api/v1/admin/users/${account.id}/complimentary`)
        .set(admin.auth)
        .expect(204);
      expect(await kit.entitlement(account)).toMatchObject({
        canComment: false,
        reason: 'subscription_required',
      });
    });

    it('refuses readers and moderators (403), anonymous callers (401), unknown users (404) and bad bodies (400)', async () => {
      const admin = await registerStaff(kit.t, 'admin');
      const moderator = await registerStaff(kit.t, 'moderator');
      const account = await registerAccount(kit.t);
      const path = `/api/v1/admin/users/${account.id}/complimentary`;
      await kit.t.http().put(path).send({}).expect(401);
      expect((await kit.t.http().put(path).set(account.auth).send({}).expect(403)).body.code).toBe(
        'forbidden',
      );
      await kit.t.http().put(path).set(moderator.auth).send({}).expect(403);
      await kit.t.http().delete(path).set(moderator.auth).expect(403);
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expect(
          (
            await kit.t
              .http()
              .put(`/api/v1/admin/users/${id}/complimentary`)
              .set(admin.auth)
              .send({})
              .expect(404)
          ).body.code,
        ).toBe('not_found');
        expect(
          (
            await kit.t
              .http()
              .delete(`/api/v1/admin/users/${id}/complimentary`)
              .set(admin.auth)
              .expect(404)
          ).body.code,
        ).toBe('not_found');
      }
      for (const body of [
        { until: '2001-01-01T00:00:00Z' },
        { until: 'tomorrow' },
        { until: 42 },
        { reason: 'x' },
      ]) {
        expect(
          (await kit.t.http().put(path).set(admin.auth).send(body).expect(400)).body.code,
        ).toBe('validation_failed');
      }
      for (const until of [
        '2030-W01',
        '2030-W01-1',
        '20300101T000000Z',
        '2030-02-30T00:00:00Z',
        '+275760-09-13T00:00:00Z',
      ]) {
        expect(
          (await kit.t.http().put(path).set(admin.auth).send({ until }).expect(400)).body,
        ).toMatchObject({
          code: 'validation_failed',
          details: [{ field: 'until', message: expect.stringContaining('ISO-8601 date-time') }],
        });
      }
      expect((await kit.entitlement(account)).canComment).toBe(false);
    });
  });

  it('reconciles a subscription whose webhook never came, and changes nothing on a second run', async () => {
    const account = await registerAccount(kit.t);
    const checkout = await kit.checkout(account).expect(201);
    const { subscription } = kit.stripe.completeCheckout(checkout.body.id);
    expect((await kit.entitlement(account)).canComment).toBe(false);
    const reconcile = kit.t.app.get(BillingReconcileService);
    const first = await reconcile.reconcileAll();
    expect(first.repaired).toBeGreaterThanOrEqual(1);
    expect(first.failedCustomers).toBe(0);
    expect(await kit.entitlement(account)).toMatchObject({ canComment: true, source: 'stripe' });
    const stored = await kit.prisma.stripeSubscription.findUniqueOrThrow({
      where: { id: String(subscription.id) },
    });
    const second = await reconcile.reconcileAll();
    expect(second.repaired).toBe(0);
    const again = await kit.prisma.stripeSubscription.findUniqueOrThrow({
      where: { id: String(subscription.id) },
    });
    expect({ ...again, stateAsOf: null, updatedAt: null }).toEqual({
      ...stored,
      stateAsOf: null,
      updatedAt: null,
    });
  });

  it('cancels the subscription at once through Stripe when the account is erased', async () => {
    const account = await registerAccount(kit.t);
    const subscription = await kit.subscribe(account);
    await kit.t.app.get(BillingErasureService).eraseAccountData(account.id);
    const cancels = kit.stripe.requestsTo('DELETE', `/v1/subscriptions/${subscription.id}`);
    expect(cancels).toHaveLength(1);
    expect(kit.stripe.subscription(String(subscription.id)).status).toBe('canceled');
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      subscription: { status: 'canceled' },
    });
    await kit.t.app.get(BillingErasureService).eraseAccountData(account.id);
    expect(kit.stripe.requestsTo('DELETE', `/v1/subscriptions/${subscription.id}`)).toHaveLength(1);
  });

  it('names the users with a grant in force for a page of authors, in one call', async () => {
    const admin = await registerStaff(kit.t, 'admin');
    const [paying, comped, expired, nobody] = await Promise.all(
      [1, 2, 3, 4].map(() => registerAccount(kit.t)),
    );
    await kit.subscribe(paying);
    await kit.t
      .http()
      .put(`/api/v1/admin/users/${comped.id}/complimentary`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await kit.prisma.complimentaryGrant.create({
      data: { userId: expired.id, until: new Date(Date.now() - 1000), grantedBy: admin.id },
    });
    const ids = await kit.t.app
      .get(EntitlementService)
      .activeSubscriberIds([paying.id, comped.id, expired.id, nobody.id, paying.id]);
    expect([...ids].sort()).toEqual([paying.id, comped.id].sort());
    expect(await kit.t.app.get(EntitlementService).activeSubscriberIds([])).toEqual(new Set());
  });
});
