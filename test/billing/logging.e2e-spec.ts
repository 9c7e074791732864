import { signStripeEvent, stripeEvent } from '@parley/testing';
import { registerAccount } from '../support/accounts';
import { captureStdout } from '../support/capture-stdout';
import { BillingKit, createBillingKit, WEBHOOK_SECRET } from '../support/billing';

const STRIPE_KEY = 'sk_test_fake_0123456789';

describe('logging of Stripe traffic (LOG_LEVEL=debug)', () => {
  let kit: BillingKit;
  let capture: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    capture = captureStdout();
    kit = await createBillingKit({ LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await kit.close();
    capture.restore();
  });

  it('writes one line per delivery (the request line) with its event, outcome and subscription', async () => {
    const account = await registerAccount(kit.t);
    const subscription = await kit.subscribe(account);
    const event = stripeEvent('customer.subscription.updated', subscription);
    const eventId = String(event.id);
    const signed = signStripeEvent(event, WEBHOOK_SECRET);
    const before = capture.text().length;
    for (const duplicate of [false, true]) {
      await kit.t
        .http()
        .post('/api/v1/billing/webhook')
        .set(signed.headers)
        .send(signed.body)
        .expect(200, { received: true, duplicate });
    }

    const lines = capture
      .text()
      .slice(before)
      .split('\n')
      .filter((line) => line.includes(eventId))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      req: { method: 'POST', url: '/api/v1/billing/webhook' },
      res: { statusCode: 200 },
      stripeEvent: {
        id: eventId,
        type: 'customer.subscription.updated',
        outcome: 'applied',
        subscription: { id: String(subscription.id), change: expect.any(String) },
      },
    });
    expect(lines[1]).toMatchObject({
      res: { statusCode: 200 },
      stripeEvent: { id: eventId, outcome: 'duplicate' },
    });
    expect(lines[1].stripeEvent).not.toHaveProperty('subscription');
  });

  it('logs event ids and types, never a payload, a signature, a secret or card details', async () => {
    const account = await registerAccount(kit.t);
    const subscription = await kit.subscribe(account);
    const marker = 'card-4242-4242-4242-4242-exp-12-34';
    const event = stripeEvent('customer.subscription.updated', {
      ...subscription,
      description: marker,
    });
    const signed = signStripeEvent(event, WEBHOOK_SECRET);
    await kit.t
      .http()
      .post('/api/v1/billing/webhook')
      .set(signed.headers)
      .send(signed.body)
      .expect(200);

    const tampered = signStripeEvent(
      stripeEvent('invoice.paid', { id: 'in_x', note: marker }),
      'whsec_wrong',
    );
    await kit.t
      .http()
      .post('/api/v1/billing/webhook')
      .set(tampered.headers)
      .send(tampered.body)
      .expect(400);

    // A failing apply (Stripe unreachable while the event needs it) is logged as a failure too.
    kit.stripe.fail('GET', '/v1/subscriptions/');
    const failing = signStripeEvent(
      stripeEvent('invoice.paid', {
        id: 'in_failing',
        object: 'invoice',
        description: marker,
        parent: { subscription_details: { subscription: String(subscription.id) } },
      }),
      WEBHOOK_SECRET,
    );
    const failed = await kit.t
      .http()
      .post('/api/v1/billing/webhook')
      .set(failing.headers)
      .send(failing.body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    kit.stripe.clearFailures();

    const output = capture.text();
    expect(output).toContain(event.id);
    for (const secret of [
      marker,
      signed.headers['Stripe-Signature'],
      tampered.headers['Stripe-Signature'],
      WEBHOOK_SECRET,
      STRIPE_KEY,
    ]) {
      expect({ leaked: output.includes(secret) }).toEqual({ leaked: false });
    }
  });
});
