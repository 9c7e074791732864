import { signStripeEvent, stripeEvent } from '@parley/testing';
import { registerAccount } from '../support/accounts';
import { createTestApp } from '../support/test-app';
import {
  BillingKit,
  createBillingKit,
  OLD_WEBHOOK_SECRET,
  WEBHOOK_SECRET,
  invoiceOf,
  MONTHLY,
} from '../support/billing';

const WEBHOOK = '/api/v1/billing/webhook';

describe('POST /billing/webhook', () => {
  let kit: BillingKit;
  beforeAll(async () => {
    kit = await createBillingKit();
  });
  afterAll(() => kit.close());

  describe('signature', () => {
    const post = (body: string, headers: Record<string, string>) =>
      kit.t.http().post(WEBHOOK).set(headers).send(body);
    const event = () => stripeEvent('customer.created', { id: 'cus_x', object: 'customer' });

    it('accepts an event signed with the current or the previous secret', async () => {
      for (const secret of [WEBHOOK_SECRET, OLD_WEBHOOK_SECRET]) {
        const signed = signStripeEvent(event(), secret);
        expect((await post(signed.body, signed.headers).expect(200)).body).toEqual({
          received: true,
          duplicate: false,
        });
      }
    });

    it.each([
      ['a wrong secret', () => signStripeEvent(event(), 'whsec_wrong')],
      [
        'a timestamp older than the tolerance',
        () =>
          signStripeEvent(event(), WEBHOOK_SECRET, {
            timestamp: Math.floor(Date.now() / 1000) - 301,
          }),
      ],
      [
        'a body altered after signing',
        () => {
          const signed = signStripeEvent(event(), WEBHOOK_SECRET);
          return { ...signed, body: signed.body.replace('customer.created', 'customer.deleted') };
        },
      ],
      [
        'a signed body that is not JSON',
        () => signStripeEvent('{"id": "evt_1", broken', WEBHOOK_SECRET),
      ],
      [
        'a signed JSON body that is not an event',
        () => signStripeEvent('{"hello": "world"}', WEBHOOK_SECRET),
      ],
      [
        'a garbage header',
        () => ({
          body: JSON.stringify(event()),
          headers: { 'Stripe-Signature': 't=abc,v1=def', 'Content-Type': 'application/json' },
        }),
      ],
    ])('refuses %s with 400 invalid_signature', async (_name, make) => {
      const signed = make();
      const res = await post(signed.body, signed.headers).expect(400);
      expect(res.body.code).toBe('invalid_signature');
    });

    it('refuses a missing header and an empty body', async () => {
      expect(
        (await post(JSON.stringify(event()), { 'Content-Type': 'application/json' }).expect(400))
          .body.code,
      ).toBe('invalid_signature');
      const signed = signStripeEvent('', WEBHOOK_SECRET);
      expect((await kit.t.http().post(WEBHOOK).set(signed.headers).expect(400)).body.code).toBe(
        'invalid_signature',
      );
    });

    it('refuses a live-mode event on a test key with 400 invalid_signature, recording nothing', async () => {
      const live = stripeEvent(
        'customer.created',
        { id: 'cus_live', object: 'customer' },
        { livemode: true },
      );
      const signed = signStripeEvent(live, WEBHOOK_SECRET);
      expect((await post(signed.body, signed.headers).expect(400)).body.code).toBe(
        'invalid_signature',
      );
      expect(await kit.prisma.stripeEvent.count({ where: { id: String(live.id) } })).toBe(0);
    });
  });

  it('records an event of any other type and otherwise ignores it', async () => {
    const res = await kit.deliver(
      'charge.refunded',
      { id: 'ch_1', object: 'charge' },
      { id: 'evt_other_type_1' },
    );
    expect(res.status).toBe(200);
    expect(
      await kit.prisma.stripeEvent.findUnique({ where: { id: 'evt_other_type_1' } }),
    ).toMatchObject({ type: 'charge.refunded', processedAt: expect.any(Date), error: null });
  });

  it('answers 2xx for a subscription of a customer Parley never saw, storing nothing', async () => {
    const subscription = kit.stripe.createSubscription({ customerId: 'cus_stranger' });
    await kit.deliver('customer.subscription.created', subscription).expect(200);
    await kit.deliver('invoice.paid', invoiceOf(subscription.id, 'in_1')).expect(200);
    expect(
      await kit.prisma.stripeSubscription.count({ where: { id: String(subscription.id) } }),
    ).toBe(0);
  });

  it.each([
    ['active', true],
    ['trialing', true],
    ['past_due', true],
    ['canceled', false],
    ['unpaid', false],
    ['incomplete', false],
    ['incomplete_expired', false],
    ['paused', false],
  ])('applies a subscription in status %s (canComment %s)', async (status, canComment) => {
    const account = await registerAccount(kit.t);
    const customerId = await kit.customerOf(account);
    const subscription = kit.stripe.createSubscription({
      customerId,
      status,
      priceId: 'price_monthly_test',
    });
    await kit.deliver('customer.subscription.updated', subscription).expect(200);
    const entitlement = await kit.entitlement(account);
    expect(entitlement).toMatchObject({
      canComment,
      source: canComment ? 'stripe' : null,
      reason: canComment ? null : 'subscription_required',
    });
    expect(entitlement.subscription).toMatchObject({
      status,
      priceId: 'price_monthly_test',
      cancelAtPeriodEnd: false,
    });
  });

  it('keeps access until the period end when the subscription is set to cancel', async () => {
    const account = await registerAccount(kit.t);
    const customerId = await kit.customerOf(account);
    const periodEnd = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const subscription = kit.stripe.createSubscription({
      customerId,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
    });
    await kit.deliver('customer.subscription.updated', subscription).expect(200);
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: true,
      source: 'stripe',
      activeUntil: new Date(periodEnd * 1000).toISOString(),
    });
    await kit.prisma.stripeSubscription.update({
      where: { id: String(subscription.id) },
      data: { currentPeriodEnd: new Date(Date.now() - 1000) },
    });
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
    });
  });

  it('follows pause, resume, failed and paid invoices through re-reads of the subscription', async () => {
    const account = await registerAccount(kit.t);
    const customerId = await kit.customerOf(account);
    const sub = kit.stripe.createSubscription({ customerId });
    await kit.deliver('customer.subscription.created', sub).expect(200);
    await kit
      .deliver(
        'customer.subscription.paused',
        kit.stripe.updateSubscription(String(sub.id), { status: 'paused' }),
      )
      .expect(200);
    expect((await kit.entitlement(account)).canComment).toBe(false);
    await kit
      .deliver(
        'customer.subscription.resumed',
        kit.stripe.updateSubscription(String(sub.id), { status: 'active' }),
      )
      .expect(200);
    expect((await kit.entitlement(account)).canComment).toBe(true);
    kit.stripe.updateSubscription(String(sub.id), { status: 'past_due' });
    await kit.deliver('invoice.payment_failed', invoiceOf(sub.id, 'in_f')).expect(200);
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: true,
      subscription: { status: 'past_due' },
    });
    kit.stripe.updateSubscription(String(sub.id), { status: 'unpaid' });
    await kit
      .deliver('invoice.payment_failed', { id: 'in_g', object: 'invoice', subscription: sub.id })
      .expect(200);
    expect((await kit.entitlement(account)).canComment).toBe(false);
    kit.stripe.updateSubscription(String(sub.id), { status: 'active' });
    await kit.deliver('invoice.paid', invoiceOf(sub.id, 'in_h')).expect(200);
    expect((await kit.entitlement(account)).canComment).toBe(true);
  });

  it('cancels every subscription of a deleted customer, and a later checkout makes a new customer', async () => {
    const account = await registerAccount(kit.t);
    const subscription = await kit.subscribe(account);
    expect((await kit.entitlement(account)).canComment).toBe(true);
    await kit
      .deliver('customer.deleted', { id: subscription.customer, object: 'customer', deleted: true })
      .expect(200);
    expect(await kit.entitlement(account)).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
    });
    await kit.checkout(account).expect(201);
    const row = await kit.prisma.stripeCustomer.findUniqueOrThrow({
      where: { userId: account.id },
    });
    expect(row.customerId).not.toBe(subscription.customer);
    expect(row.deletedAt).toBeNull();
  });

  describe('repeats', () => {
    it('applies a repeated event once, answering 200 each time', async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const payload = stripeEvent('customer.subscription.created', sub);
      const signed = signStripeEvent(payload, WEBHOOK_SECRET);
      const first = await kit.t
        .http()
        .post(WEBHOOK)
        .set(signed.headers)
        .send(signed.body)
        .expect(200);
      expect(first.body.duplicate).toBe(false);
      const before = await kit.prisma.stripeSubscription.findUniqueOrThrow({
        where: { id: String(sub.id) },
      });
      const second = await kit.t
        .http()
        .post(WEBHOOK)
        .set(signed.headers)
        .send(signed.body)
        .expect(200);
      expect(second.body.duplicate).toBe(true);
      expect(
        await kit.prisma.stripeSubscription.findUniqueOrThrow({ where: { id: String(sub.id) } }),
      ).toEqual(before);
    });

    it('answers a repeat of a processed event without asking Stripe again', async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const signed = signStripeEvent(
        stripeEvent('customer.subscription.updated', sub),
        WEBHOOK_SECRET,
      );
      const first = await kit.t.http().post(WEBHOOK).set(signed.headers).send(signed.body);
      expect(first.body.duplicate).toBe(false);
      const reads = kit.stripe.requestsTo('GET', `/v1/subscriptions/${String(sub.id)}`).length;
      expect(reads).toBe(1);
      const repeat = await kit.t
        .http()
        .post(WEBHOOK)
        .set(signed.headers)
        .send(signed.body)
        .expect(200);
      expect(repeat.body.duplicate).toBe(true);
      expect(kit.stripe.requestsTo('GET', `/v1/subscriptions/${String(sub.id)}`)).toHaveLength(
        reads,
      );
    });

    it('applies an event delivered 10 times at once exactly once', async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const signed = signStripeEvent(
        stripeEvent('customer.subscription.created', sub),
        WEBHOOK_SECRET,
      );
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          kit.t.http().post(WEBHOOK).set(signed.headers).send(signed.body),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      expect(kit.stripe.requestsTo('GET', `/v1/subscriptions/${String(sub.id)}`)).toHaveLength(1);
      expect(await kit.prisma.stripeSubscription.count({ where: { id: String(sub.id) } })).toBe(1);
      expect((await kit.entitlement(account)).canComment).toBe(true);
    });
  });

  describe('order', () => {
    it("keeps Stripe's latest state when an older event arrives after a newer one", async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const created = stripeEvent('customer.subscription.created', sub, { created: 1000 });
      const deleted = kit.stripe.updateSubscription(String(sub.id), { status: 'canceled' });
      await kit.deliver('customer.subscription.deleted', deleted, { created: 1010 }).expect(200);
      const signed = signStripeEvent(created, WEBHOOK_SECRET);
      await kit.t.http().post(WEBHOOK).set(signed.headers).send(signed.body).expect(200);
      expect(await kit.entitlement(account)).toMatchObject({
        canComment: false,
        subscription: { status: 'canceled' },
      });
    });

    it('compares event times when Stripe cannot be read: an older event never overwrites a newer one', async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const now = Math.floor(Date.now() / 1000);
      kit.stripe.fail('GET', '/v1/subscriptions/');
      try {
        await kit
          .deliver(
            'customer.subscription.deleted',
            { ...sub, status: 'canceled' },
            { created: now },
          )
          .expect(200);
        await kit
          .deliver(
            'customer.subscription.updated',
            { ...sub, status: 'active' },
            { created: now - 10 },
          )
          .expect(200);
        expect(await kit.entitlement(account)).toMatchObject({
          canComment: false,
          subscription: { status: 'canceled' },
        });
        await kit
          .deliver(
            'customer.subscription.created',
            { ...sub, status: 'active' },
            { created: now + 5 },
          )
          .expect(200);
        expect(await kit.entitlement(account)).toMatchObject({
          canComment: true,
          subscription: { status: 'active' },
        });
      } finally {
        kit.stripe.clearFailures();
      }
    });
  });

  describe('malformed signed events', () => {
    it('answers 400 validation_failed to each delivery, records the failure and changes nothing, whether or not Stripe answers', async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      await kit.deliver('customer.subscription.created', sub).expect(200);
      const before = await kit.entitlement(account);
      expect(before).toMatchObject({ canComment: true });
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['customer.subscription.updated', { id: sub.id }, 'data.object.customer'],
        ['customer.subscription.updated', { ...sub, customer: 42 }, 'data.object.customer'],
        ['customer.subscription.deleted', { ...sub, status: null }, 'data.object.status'],
        ['customer.subscription.updated', { ...sub, items: 'none' }, 'data.object.items'],
        ['customer.subscription.updated', { ...sub, cancel_at: 1e308 }, 'data.object.cancel_at'],
        [
          'customer.subscription.updated',
          { ...sub, items: { data: [{ current_period_end: 'soon', price: { id: MONTHLY } }] } },
          'data.object.items.data[0].current_period_end',
        ],
        ['invoice.paid', { id: 'in_bad', subscription: { id: 7 } }, 'data.object.subscription'],
        ['customer.deleted', { id: 7 }, 'data.object.id'],
      ];
      for (const [index, [type, object, field]] of cases.entries()) {
        const id = `evt_malformed_${index}_${customerId}`;
        const signed = signStripeEvent(stripeEvent(type, object, { id }), WEBHOOK_SECRET);
        for (const stripeAnswers of [false, true]) {
          if (!stripeAnswers) kit.stripe.fail('GET', '/v1/subscriptions/');
          try {
            const res = await kit.t.http().post(WEBHOOK).set(signed.headers).send(signed.body);
            expect(res.status).toBe(400);
            expect(res.body).toMatchObject({ code: 'validation_failed' });
            expect(res.body.details).toContainEqual(expect.objectContaining({ field }));
          } finally {
            kit.stripe.clearFailures();
          }
        }
        expect(await kit.prisma.stripeEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({
          processedAt: null,
          error: expect.stringContaining(field.replace('data.object.', '')),
        });
      }
      expect(await kit.entitlement(account)).toEqual(before);
    });
  });

  describe('failures', () => {
    it("answers 5xx when an event cannot be applied, keeps the failure visible, and applies it on Stripe's retry", async () => {
      const account = await registerAccount(kit.t);
      const customerId = await kit.customerOf(account);
      const sub = kit.stripe.createSubscription({ customerId });
      const signed = signStripeEvent(
        stripeEvent('invoice.paid', invoiceOf(sub.id, 'in_r'), { id: 'evt_retry_1' }),
        WEBHOOK_SECRET,
      );
      kit.stripe.fail('GET', '/v1/subscriptions/');
      try {
        const failed = await kit.t.http().post(WEBHOOK).set(signed.headers).send(signed.body);
        expect(failed.status).toBeGreaterThanOrEqual(500);
      } finally {
        kit.stripe.clearFailures();
      }
      expect(
        await kit.prisma.stripeEvent.findUniqueOrThrow({ where: { id: 'evt_retry_1' } }),
      ).toMatchObject({ processedAt: null, error: expect.stringMatching(/\S/) });
      const retried = await kit.t
        .http()
        .post(WEBHOOK)
        .set(signed.headers)
        .send(signed.body)
        .expect(200);
      expect(retried.body.duplicate).toBe(false);
      expect(
        await kit.prisma.stripeEvent.findUniqueOrThrow({ where: { id: 'evt_retry_1' } }),
      ).toMatchObject({ processedAt: expect.any(Date), error: null, attempts: 2 });
      expect((await kit.entitlement(account)).canComment).toBe(true);
    });
  });
});

describe('POST /billing/webhook without a webhook secret', () => {
  it('answers 503 billing_not_configured so that Stripe keeps retrying', async () => {
    const t = await createTestApp({ STRIPE_WEBHOOK_SECRET: '' });
    try {
      const signed = signStripeEvent(
        stripeEvent('customer.created', { id: 'cus_1' }),
        WEBHOOK_SECRET,
      );
      expect(
        (await t.http().post(WEBHOOK).set(signed.headers).send(signed.body).expect(503)).body.code,
      ).toBe('billing_not_configured');
    } finally {
      await t.close();
    }
  });
});
