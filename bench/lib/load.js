'use strict';
const autocannon = require('autocannon');
const http = require('node:http');
const { measuringSteal } = require('./host-cpu');

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Closed-loop load with autocannon: `connections` clients, each sending its next request on the previous answer. */
async function closedLoop({ url, connections, durationS, requests, headers, expected = '2xx' }) {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    pipelining: 1,
    headers,
    requests,
  });
  return {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || durationS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    // `expected` '3xx' measures conditional requests, whose answers are 304s.
    non2xx: expected === '3xx' ? result.requests.total - result['3xx'] : result.non2xx,
  };
}

/**
 * Open-loop load: request i is sent at start + i/rate whatever the earlier ones are doing, and its
 * latency counts from that scheduled moment (no coordinated omission). `next(i)` gives
 * {method, path, headers, body}.
 */
async function openLoop({ origin, rate, durationS, next }) {
  // `timeout` lets the agent honour the server's `Keep-Alive: timeout=5` (Node's agent applies that
  // hint only below a timeout of its own): without it, an idle socket the server was closing was
  // reused now and then, and the request failed with ECONNRESET (46 in a 30-minute soak).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, timeout: 60_000 });
  const total = Math.round(rate * durationS);
  const latencies = [];
  const statuses = new Map();
  const errorCodes = {};
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const inflight = [];
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (sent < due) {
        const scheduled = start + (sent / rate) * 1000;
        inflight.push(
          send(agent, origin, next(sent)).then(
            (status) => {
              latencies.push(performance.now() - scheduled);
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            },
            (error) => {
              errors += 1;
              const code = error?.code ?? error?.message ?? 'unknown';
              errorCodes[code] = (errorCodes[code] ?? 0) + 1;
            },
          ),
        );
        sent += 1;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inflight);
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ok = [...statuses]
    .filter(([status]) => status >= 200 && status < 300)
    .reduce((n, [, count]) => n + count, 0);
  return {
    requests: total,
    rps: total / elapsedS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx: latencies.length - ok,
    statuses: Object.fromEntries(statuses),
    errorCodes,
  };
}

/** `concurrency` workers sending `items` in order, each its next item when the previous answered. */
async function fixedConcurrency({ origin, concurrency, items }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const answers = new Array(items.length);
  let errors = 0;
  let index = 0;
  const start = performance.now();
  const worker = async () => {
    while (index < items.length) {
      const i = index++;
      const began = performance.now();
      try {
        answers[i] = await send(agent, origin, items[i], true);
        latencies.push(performance.now() - began);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: items.length,
    rps: items.length / elapsedS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx: answers.filter((a) => a && (a.status < 200 || a.status >= 300)).length,
    answers,
  };
}

function send(agent, origin, { method, path, headers = {}, body }, withBody = false) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${origin}${path}`,
      {
        method,
        agent,
        headers:
          body !== undefined ? { 'content-length': Buffer.byteLength(body), ...headers } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => withBody && chunks.push(chunk));
        res.on('end', () =>
          resolve(
            withBody
              ? { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }
              : res.statusCode,
          ),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Page latency compared fairly: one connection sends the `paths` in turn, `rounds` times, so a
 * burst of noise on the machine lands on every page alike and no request queues behind another.
 * Per path: median and p99 in ms at sub-millisecond precision (autocannon rounds to 1 ms, which is
 * a tenth of a page's time here), errors and non-2xx answers.
 */
async function interleaved({ origin, paths, rounds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const keys = Object.keys(paths);
  const byKey = Object.fromEntries(
    keys.map((key) => [key, { latencies: [], errors: 0, non2xx: 0 }]),
  );
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < keys.length; k += 1) {
      // Rotating the order too, so no page always follows the same one.
      const key = keys[(round + k) % keys.length];
      const entry = byKey[key];
      const began = performance.now();
      try {
        const status = await send(agent, origin, { method: 'GET', path: paths[key] });
        entry.latencies.push(performance.now() - began);
        if (status < 200 || status >= 300) entry.non2xx += 1;
      } catch {
        entry.errors += 1;
      }
    }
  }
  agent.destroy();
  return Object.fromEntries(
    keys.map((key) => {
      const { latencies, errors, non2xx } = byKey[key];
      latencies.sort((a, b) => a - b);
      return [
        key,
        {
          requests: rounds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          errors,
          non2xx,
        },
      ];
    }),
  );
}

// Each load's result says how much of the machine's CPU time the host stole while it ran.
module.exports = {
  closedLoop: (options) => measuringSteal(() => closedLoop(options)),
  openLoop: (options) => measuringSteal(() => openLoop(options)),
  fixedConcurrency: (options) => measuringSteal(() => fixedConcurrency(options)),
  interleaved,
  percentile,
};
