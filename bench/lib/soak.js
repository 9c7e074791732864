'use strict';
const fs = require('node:fs');
const { closedLoop, openLoop } = require('./load');
const { residentBytes } = require('./processes');

function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The highest open-loop rate the service holds: every request of a `trialS` trial answered 2xx
 * with the trial's p99 within `sloMs` (latency counted from each request's scheduled send time,
 * so a rate the service falls behind shows as a growing p99 long before it sheds). The search
 * starts at `guess` (the closed-loop maximum), grows by half while held, then bisects until the
 * bounds are within 5 %. Each trial follows a `settleS` pause, so no trial inherits another's
 * backlog. `next(i)` numbers requests across trials.
 */
async function heldOpenLoopRate({ origin, next, guess, trialS, settleS, sloMs }) {
  const trials = [];
  let sent = 0;
  const holds = async (rate) => {
    await pause(settleS * 1000);
    const first = sent;
    const result = await openLoop({
      origin,
      rate,
      durationS: trialS,
      next: (i) => next(first + i),
    });
    sent += result.requests;
    const held =
      result.errors === 0 && result.non2xx === 0 && result.p99 !== null && result.p99 <= sloMs;
    trials.push({ rate, held, p99: result.p99, errors: result.errors, non2xx: result.non2xx });
    return held;
  };
  let low = 0;
  let high = Math.max(1, Math.round(guess));
  for (let grown = 0; grown < 4 && (await holds(high)); grown += 1) {
    low = high;
    high = Math.round(high * 1.5);
  }
  // `low` held and `high` did not (or, after four growths, was not tried: taken as the bound).
  while (high - low > Math.max(1, low * 0.05) && trials.length < 12) {
    const middle = Math.round((low + high) / 2);
    if (await holds(middle)) low = middle;
    else high = middle;
  }
  return { rate: low, trials, sent };
}

/**
 * The soak: the 95/5 mix (19 anonymous first pages to 1 post) sent open-loop at `share` of the
 * highest rate it holds open-loop (`heldOpenLoopRate`, searched from the closed-loop maximum
 * measured first for `probeS`), for `durationS`, in windows of `windowS`: each window's p99 and
 * the service's resident memory at its end. Memory growth compares the mean of the last quarter's
 * windows to that of the first quarter after the warm-up (the first `warmupS`); p99 drift compares
 * their mean p99s the same way, and the spread is the highest window p99 over the lowest.
 */
async function soak({
  origin,
  pid,
  url,
  request,
  share,
  durationS,
  windowS,
  warmupS,
  probeS,
  search,
}) {
  const probe = await closedLoop({
    url,
    connections: 50,
    durationS: probeS,
    requests: request.autocannon,
  });
  const held = await heldOpenLoopRate({
    origin,
    next: (i) => request.open(i),
    guess: probe.rps,
    ...search,
  });
  await pause(search.settleS * 1000);
  const rate = Math.max(1, Math.round(held.rate * share));
  const windows = [];
  let sent = held.sent;
  for (let elapsed = 0; elapsed < durationS; elapsed += windowS) {
    const first = sent;
    const result = await openLoop({
      origin,
      rate,
      durationS: Math.min(windowS, durationS - elapsed),
      next: (i) => request.open(first + i),
    });
    sent += result.requests;
    windows.push({
      endS: elapsed + Math.min(windowS, durationS - elapsed),
      endAt: Date.now(),
      p50: result.p50,
      p99: result.p99,
      errors: result.errors,
      errorCodes: result.errorCodes,
      non2xx: result.non2xx,
      stolen: result.stolen,
      rss: residentBytes(pid),
    });
  }
  const settled = windows.filter((w) => w.endS > warmupS);
  const quarter = Math.max(1, Math.floor(settled.length / 4));
  const early = settled.slice(0, quarter);
  const late = settled.slice(-quarter);
  const growth = (before, after) => (before > 0 ? (after - before) / before : null);
  const p99s = settled.map((w) => w.p99);
  return {
    closedLoopRps: probe.rps,
    maxRps: held.rate,
    search: held.trials,
    rate,
    durationS,
    requests: sent - held.sent,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    non2xx: windows.reduce((n, w) => n + w.non2xx, 0),
    memoryGrowth: growth(mean(early.map((w) => w.rss)), mean(late.map((w) => w.rss))),
    p99Drift: growth(mean(early.map((w) => w.p99)), mean(late.map((w) => w.p99))),
    p99Spread: p99s.length > 0 ? Math.max(...p99s) / Math.max(0.001, Math.min(...p99s)) : null,
    windows,
  };
}

/**
 * The lines of `file` holding `marker`, read in chunks: a soak's service log (every request's
 * line) reaches gigabytes, beyond the longest string V8 can make.
 */
function linesContaining(file, marker) {
  const needle = Buffer.from(marker);
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  const found = [];
  const fd = fs.openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      const buffer = Buffer.concat([carry, chunk.subarray(0, read)]);
      // The last, unfinished line waits for the next chunk (or is the file's last line).
      const end = read === 0 ? buffer.length : buffer.lastIndexOf(10) + 1;
      for (let at = buffer.indexOf(needle); at >= 0 && at < end;) {
        const lineStart = buffer.lastIndexOf(10, at) + 1;
        const newline = buffer.indexOf(10, at);
        const lineEnd = newline < 0 ? buffer.length : newline;
        found.push(buffer.toString('utf8', lineStart, lineEnd));
        at = buffer.indexOf(needle, lineEnd);
      }
      if (read === 0) return found;
      carry = Buffer.from(buffer.subarray(end));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The retention rounds the service logged that purged something (`RetentionJob`), each placed in
 * the soak window it ended in (`windowEndS`; null when it ended before the first window began,
 * during the rate search): a round purges in bursts, and the soak must show what that costs.
 */
function retentionRounds(logFile, windows, windowS) {
  const rounds = [];
  const soakStart = windows.length > 0 ? windows[0].endAt - windowS * 1000 : Infinity;
  for (const line of linesContaining(logFile, 'retention round purged expired rows')) {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const purged = Object.values(entry.purged ?? {}).reduce((sum, n) => sum + n, 0);
    const window = entry.time >= soakStart ? windows.find((w) => w.endAt >= entry.time) : null;
    rounds.push({ windowEndS: window?.endS ?? null, purged, steps: entry.purged });
  }
  return rounds;
}

module.exports = { soak, retentionRounds };
