'use strict';
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const stripeModule = require('stripe');

const Stripe = stripeModule.default ?? stripeModule;

/**
 * `count` signed deliveries: count/2 distinct `customer.subscription.updated` events (two per
 * subscription, so concurrent events of one subscription meet), each delivered twice, in a
 * shuffled order so that a repeat may race its original.
 */
function webhookItems({ count, customers, secret }) {
  const distinct = [];
  const now = Math.floor(Date.now() / 1000);
  const run = randomBytes(6).toString('hex');
  for (let i = 0; i < count / 2; i += 1) {
    const sub = 1 + (i % Math.min(customers, Math.ceil(count / 4)));
    const event = {
      id: `evt_bench_${run}_${i}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now - 60 + (i % 60),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'customer.subscription.updated',
      data: {
        object: {
          id: `sub_bench_${sub}`,
          object: 'subscription',
          customer: `cus_bench_${sub}`,
          status: 'active',
          cancel_at_period_end: false,
          items: { object: 'list', data: [] },
        },
      },
    };
    distinct.push({ id: event.id, subscription: `sub_bench_${sub}`, body: JSON.stringify(event) });
  }
  const deliveries = [...distinct, ...distinct].map((event) => ({
    eventId: event.id,
    method: 'POST',
    path: '/api/v1/billing/webhook',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: event.body, secret }),
    },
    body: event.body,
  }));
  shuffle(deliveries, 42);
  return { items: deliveries, distinct };
}

/** Every distinct event answered `duplicate: false` exactly once, stored once and processed. */
async function checkWebhooks(url, distinct, items, answers) {
  const applied = new Map(distinct.map((event) => [event.id, 0]));
  let unreadable = 0;
  items.forEach((item, i) => {
    try {
      const body = JSON.parse(answers[i]?.body ?? 'null');
      if (body && body.duplicate === false)
        applied.set(item.eventId, applied.get(item.eventId) + 1);
    } catch {
      unreadable += 1;
    }
  });
  const appliedTwice = [...applied.values()].filter((times) => times > 1).length;
  const neverApplied = [...applied.values()].filter((times) => times === 0).length;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const ids = distinct.map((event) => event.id);
    const subscriptions = [...new Set(distinct.map((event) => event.subscription))];
    const stored = (
      await client.query(
        'SELECT count(*)::int AS n, count(processed_at)::int AS processed, count(error)::int AS failed FROM stripe_events WHERE id = ANY($1)',
        [ids],
      )
    ).rows[0];
    const subs = (
      await client.query(
        "SELECT count(*)::int AS n FROM stripe_subscriptions WHERE id = ANY($1) AND status = 'active'",
        [subscriptions],
      )
    ).rows[0].n;
    const exactlyOnce =
      appliedTwice === 0 &&
      neverApplied === 0 &&
      unreadable === 0 &&
      stored.n === ids.length &&
      stored.processed === ids.length &&
      stored.failed === 0 &&
      subs === subscriptions.length;
    return {
      distinct: ids.length,
      appliedTwice,
      neverApplied,
      unreadable,
      stored: stored.n,
      processed: stored.processed,
      failed: stored.failed,
      subscriptions: subs,
      exactlyOnce,
    };
  } finally {
    await client.end();
  }
}

function shuffle(array, seed) {
  let state = seed;
  for (let i = array.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [array[i], array[j]] = [array[j], array[i]];
  }
}

module.exports = { webhookItems, checkWebhooks };
