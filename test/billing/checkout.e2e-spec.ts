import { registerAccount } from '../support/accounts';
import { createTestApp } from '../support/test-app';
import { BillingKit, createBillingKit, MONTHLY, YEARLY } from '../support/billing';

describe('GET /billing/plans, POST /billing/checkout and /billing/portal', () => {
  let kit: BillingKit;
  beforeAll(async () => {
    kit = await createBillingKit();
  });
  afterAll(() => kit.close());

  it('lists the configured plans with their details read from Stripe once', async () => {
    const first = await kit.t.http().get('/api/v1/billing/plans').expect(200);
    expect(first.body.items).toEqual([
      { priceId: MONTHLY, name: 'Monthly', interval: 'month', amount: 900, currency: 'eur' },
      { priceId: YEARLY, name: 'Yearly', interval: 'year', amount: 9000, currency: 'eur' },
    ]);
    await kit.t.http().get('/api/v1/billing/plans').expect(200);
    expect(kit.stripe.requestsTo('GET', '/v1/prices/')).toHaveLength(2);
  });

  it('creates one customer and a subscription-mode session that names the user', async () => {
    const account = await registerAccount(kit.t);
    const res = await kit.checkout(account, YEARLY).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cs_test_/),
      url: expect.stringMatching(/^https:\/\//),
    });
    const session = kit.stripe.checkoutSessions.get(res.body.id)!;
    expect(session).toMatchObject({
      mode: 'subscription',
      client_reference_id: account.id,
      metadata: { userId: account.id },
      subscription_data: { metadata: { userId: account.id } },
      line_items: { '0': { price: YEARLY, quantity: '1' } },
      success_url: 'https://news.example/?checkout=success&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://news.example/?checkout=cancelled',
    });
    const customer = kit.stripe.customers.get(String(session.customer))!;
    expect(customer.metadata).toEqual({ userId: account.id });
    await kit.checkout(account).expect(201);
    expect(
      [...kit.stripe.customers.values()].filter(
        (c) => (c.metadata as { userId: string }).userId === account.id,
      ),
    ).toHaveLength(1);
  });

  it('makes one customer when two checkouts of one user race', async () => {
    const account = await registerAccount(kit.t);
    const results = await Promise.all([1, 2, 3].map(() => kit.checkout(account)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const customers = [...kit.stripe.customers.values()].filter(
      (c) => (c.metadata as { userId: string }).userId === account.id,
    );
    expect(customers).toHaveLength(1);
    const sessions = results.map((r) => kit.stripe.checkoutSessions.get(r.body.id)!);
    expect(new Set(sessions.map((s) => s.customer))).toEqual(new Set([customers[0].id]));
    expect(await kit.prisma.stripeCustomer.count({ where: { userId: account.id } })).toBe(1);
    const keys = kit.stripe
      .requestsTo('POST', '/v1/customers')
      .filter((r) => (r.body.metadata as { userId: string }).userId === account.id)
      .map((r) => r.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set([`parley-customer-${account.id}`]));
  });

  it.each([
    [{}, 'priceId'],
    [{ priceId: 'price_not_sold' }, 'priceId'],
    [{ priceId: 42 }, 'priceId'],
    [{ priceId: MONTHLY, quantity: 2 }, 'quantity'],
  ])('refuses %j with 400 validation_failed', async (body, field) => {
    const account = await registerAccount(kit.t);
    const res = await kit.t
      .http()
      .post('/api/v1/billing/checkout')
      .set(account.auth)
      .send(body)
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('needs a token for checkout and portal', async () => {
    expect(
      (await kit.t.http().post('/api/v1/billing/checkout').send({ priceId: MONTHLY }).expect(401))
        .body.code,
    ).toBe('unauthenticated');
    await kit.t.http().post('/api/v1/billing/portal').expect(401);
  });

  it('refuses a second subscription while one grants access (409), and opens the portal instead', async () => {
    const account = await registerAccount(kit.t);
    await kit.subscribe(account);
    const res = await kit.checkout(account, YEARLY).expect(409);
    expect(res.body.code).toBe('conflict');
    const portal = await kit.t.http().post('/api/v1/billing/portal').set(account.auth).expect(201);
    expect(portal.body).toEqual({ url: expect.stringMatching(/^https:\/\//) });
    const request = kit.stripe.requestsTo('POST', '/v1/billing_portal/sessions').at(-1)!;
    expect(request.body).toMatchObject({ return_url: 'https://news.example/' });
  });

  it('answers 404 not_found for the portal of a user who never checked out', async () => {
    const account = await registerAccount(kit.t);
    expect(
      (await kit.t.http().post('/api/v1/billing/portal').set(account.auth).expect(404)).body.code,
    ).toBe('not_found');
  });

  it('answers 503 service_unavailable when Stripe fails during checkout, and succeeds on a retry', async () => {
    const account = await registerAccount(kit.t);
    kit.stripe.fail('POST', '/v1/checkout/sessions', 500, 2);
    const failed = await kit.checkout(account);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('service_unavailable');
    expect(failed.headers['retry-after']).toBe('5');
    expect(JSON.stringify(failed.body)).not.toMatch(/sk_test/);
    await kit.checkout(account).expect(201);
  });
});

describe('billing without a Stripe secret key', () => {
  it('answers 503 billing_not_configured for checkout and portal, and lists the price ids without details', async () => {
    const t = await createTestApp({
      STRIPE_SECRET_KEY: undefined,
      STRIPE_PRICE_IDS: 'price_a,price_b',
    });
    try {
      const account = await registerAccount(t);
      expect(
        (
          await t
            .http()
            .post('/api/v1/billing/checkout')
            .set(account.auth)
            .send({ priceId: 'price_a' })
            .expect(503)
        ).body.code,
      ).toBe('billing_not_configured');
      expect(
        (await t.http().post('/api/v1/billing/portal').set(account.auth).expect(503)).body.code,
      ).toBe('billing_not_configured');
      const plans = await t.http().get('/api/v1/billing/plans').expect(200);
      expect(plans.body.items).toEqual([
        { priceId: 'price_a', name: null, interval: null, amount: null, currency: null },
        { priceId: 'price_b', name: null, interval: null, amount: null, currency: null },
      ]);
    } finally {
      await t.close();
    }
  });
});
