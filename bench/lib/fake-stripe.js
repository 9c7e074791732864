'use strict';
/**
 * The part of Stripe's API the webhook handler calls: GET /v1/subscriptions/:id, answering an
 * active subscription `sub_bench_<n>` of customer `cus_bench_<n>`. The tests' richer fake lives
 * in libs/testing (TypeScript); the bench runs on plain Node, so it has this one.
 */
const http = require('node:http');

function subscription(id, now) {
  const n = id.slice('sub_bench_'.length);
  return {
    id,
    object: 'subscription',
    customer: `cus_bench_${n}`,
    status: 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    created: now - 86400,
    livemode: false,
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: `si_bench_${n}`,
          object: 'subscription_item',
          current_period_end: now + 30 * 86400,
          price: { id: 'price_bench', object: 'price' },
        },
      ],
    },
  };
}

function startFakeStripe() {
  const reads = new Map();
  const server = http.createServer((req, res) => {
    req.resume();
    const match = /^\/v1\/subscriptions\/(sub_bench_\d+)$/.exec(req.url.split('?')[0]);
    res.setHeader('Content-Type', 'application/json');
    if (req.method !== 'GET' || !match) {
      res.statusCode = 404;
      res.end(
        JSON.stringify({
          error: {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${req.url})`,
          },
        }),
      );
      return;
    }
    reads.set(match[1], (reads.get(match[1]) ?? 0) + 1);
    res.end(JSON.stringify(subscription(match[1], Math.floor(Date.now() / 1000))));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        reads,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { startFakeStripe };
