'use strict';
const { closedLoop, openLoop } = require('./load');
const { residentBytes } = require('./processes');

function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

/**
 * The soak: the 95/5 mix (19 anonymous first pages to 1 post) sent open-loop at `share` of the
 * rate the service sustains closed-loop (measured first, for `probeS`), for `durationS`, in
 * windows of `windowS`: each window's p99 and the service's resident memory at its end. Memory
 * growth compares the mean of the last quarter's windows to that of the first quarter after the
 * warm-up (the first `warmupS`); p99 stability is the highest window p99 over the lowest.
 */
async function soak({ origin, pid, url, request, share, durationS, windowS, warmupS, probeS }) {
  const probe = await closedLoop({
    url,
    connections: 50,
    durationS: probeS,
    requests: request.autocannon,
  });
  const rate = Math.max(1, Math.round(probe.rps * share));
  const windows = [];
  let sent = 0;
  for (let elapsed = 0; elapsed < durationS; elapsed += windowS) {
    const result = await openLoop({
      origin,
      rate,
      durationS: Math.min(windowS, durationS - elapsed),
      next: (i) => request.open(sent + i),
    });
    sent += result.requests;
    windows.push({
      endS: elapsed + Math.min(windowS, durationS - elapsed),
      p50: result.p50,
      p99: result.p99,
      errors: result.errors,
      errorCodes: result.errorCodes,
      non2xx: result.non2xx,
      rss: residentBytes(pid),
    });
  }
  const settled = windows.filter((w) => w.endS > warmupS);
  const quarter = Math.max(1, Math.floor(settled.length / 4));
  const early = mean(settled.slice(0, quarter).map((w) => w.rss));
  const late = mean(settled.slice(-quarter).map((w) => w.rss));
  const p99s = settled.map((w) => w.p99);
  return {
    maxRps: probe.rps,
    rate,
    durationS,
    requests: sent,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    non2xx: windows.reduce((n, w) => n + w.non2xx, 0),
    memoryGrowth: early > 0 ? (late - early) / early : null,
    p99Spread: p99s.length > 0 ? Math.max(...p99s) / Math.max(0.001, Math.min(...p99s)) : null,
    windows,
  };
}

module.exports = { soak };
