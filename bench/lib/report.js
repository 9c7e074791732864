'use strict';
const { fmt, percent } = require('./scenarios');

const MB = 2 ** 20;

function find(results, id) {
  return results.scenarios.find((row) => row.id === id);
}

/** The issue's targets, each with its figure and whether it is met (null: not measured). */
function evaluateTargets(results) {
  const baseline = find(results, 'baseline');
  const s = (id) => find(results, id);
  const ratio = (row, base = baseline) => (row && base ? row.rps / base.rps : null);
  // Medians from the interleaved one-connection run (see `interleaved` in load.js).
  const latency = results.checks.pageLatency;
  const within = (key) => (latency ? latency[key].p50 / latency.tiny.p50 : null);
  const peak = Math.max(
    0,
    ...Object.entries(results.memory)
      .filter(([key]) => key.startsWith('service'))
      .map(([, bytes]) => bytes),
  );
  const bytes = s('bytes');
  const ofBytes = (row) => (row && bytes ? row.rps / bytes.rps : null);
  const atLeast = (figure, goal) => (figure === null ? null : figure >= goal);
  const writes = (row, limitMs) =>
    row ? row.p99 < limitMs && row.errors === 0 && row.non2xx === 0 : null;
  const live = results.checks.live;
  // Phase B measures the baseline again right before its page (see scenarios.js); a run with
  // only phase A's baseline compares with that one.
  const uncached = ratio(s('s2-big'), s('baseline-b') ?? baseline);
  const targets = [
    {
      target: 'anonymous page 1 ≥ 1.0× baseline req/s',
      figure: ratio(s('s1')),
      met: atLeast(ratio(s('s1')), 1.0),
      unit: '×',
    },
    {
      target: 'anonymous page 1 ≥ 25% of a bare server handing out the same bytes',
      figure: ofBytes(s('s1')),
      met: atLeast(ofBytes(s('s1')), 0.25),
      unit: '×',
    },
    {
      target: 'If-None-Match (304) ≥ 25% of that bare server',
      figure: ofBytes(s('s1-304')),
      met: atLeast(ofBytes(s('s1-304')), 0.25),
      unit: '×',
    },
    {
      target: 'signed-in page 1 ≥ 1.0× baseline req/s',
      figure: ratio(s('s3')),
      met: atLeast(ratio(s('s3')), 1.0),
      unit: '×',
    },
    {
      target: 'uncached page 1 (cache off) ≥ 0.9× baseline req/s (measured again just before it)',
      figure: uncached,
      met: atLeast(uncached, 0.9),
      unit: '×',
    },
    {
      target: 'page 200 median ≤ 1.2× page 1 of the 100-comment thread',
      figure: within('page'),
      met: within('page') === null ? null : within('page') <= 1.2,
      unit: '×',
    },
    {
      target: 'page 1 of 1,000,000 median ≤ 1.2× page 1 of 100',
      figure: within('huge'),
      met: within('huge') === null ? null : within('huge') <= 1.2,
      unit: '×',
    },
    {
      target: "posting at 200/s (round one's rate): p99 < 50 ms, zero errors",
      figure: s('s4-first-round')?.p99 ?? null,
      met: writes(s('s4-first-round'), 50),
      unit: 'ms',
    },
    {
      target: 'posting at 500/s: p99 < 50 ms, zero errors',
      figure: s('s4')?.p99 ?? null,
      met: writes(s('s4'), 50),
      unit: 'ms',
    },
    {
      target: 'posting with every rule on (scoring excepted): p99 < 50 ms, zero errors',
      figure: s('rules')?.p99 ?? null,
      met: writes(s('rules'), 50),
      unit: 'ms',
    },
    {
      target: 'like/unlike at 200/s: p99 < 50 ms, zero errors',
      figure: s('s4-likes')?.p99 ?? null,
      met: writes(s('s4-likes'), 50),
      unit: 'ms',
    },
    {
      target: 'webhooks ≥ 1,000 events/s, none lost, none applied twice',
      figure: s('s5')?.rps ?? null,
      met: s('s5') ? s('s5').rps >= 1000 && results.checks.webhooks?.exactlyOnce === true : null,
      unit: '/s',
    },
    {
      target: '5,000 streams at 50 posts/s: every post to every stream, p99 delivery < 250 ms',
      figure: live?.p99 ?? null,
      met: live ? live.p99 < 250 && live.received === live.expected : null,
      unit: 'ms',
    },
    {
      // p99 stable: the last quarter's window p99s no more than 1.5× the first quarter's after
      // warm-up (a drift, not one noisy window, is what a leak or a bloating table would show).
      target:
        'soak, 95/5 mix at 70% of its maximum: memory growth after warm-up < 5%, p99 stable (< +50%)',
      figure: results.checks.soak ? 100 * results.checks.soak.memoryGrowth : null,
      met: results.checks.soak
        ? results.checks.soak.memoryGrowth < 0.05 &&
          results.checks.soak.p99Drift < 0.5 &&
          results.checks.soak.errors + results.checks.soak.non2xx === 0
        : null,
      unit: '%',
    },
    {
      // The service of phases A and B; the live streams' and the soak's services are reported
      // beside it ("Peak resident memory"): 5,000 open streams hold their own buffers, and the
      // soak's service first goes through the search past its maximum rate.
      target: 'service memory < 180 MB resident throughout phases A and B',
      figure: peak ? peak / MB : null,
      met: peak ? peak < 180 * MB : null,
      unit: 'MB',
    },
  ];
  return targets;
}

/** Settings a run passed to the service beyond the defaults, so figures are compared like for like. */
function tuningLine(tuning = {}) {
  const parts = Object.entries(tuning)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`);
  return parts.length > 0 ? [`Service settings beyond the defaults: ${parts.join(', ')}`] : [];
}

/** `; the host stole 3–41 % of the CPU by window`, when the windows measured it. */
function stolenRange(windows) {
  const shares = windows.map((w) => w.stolen).filter((share) => typeof share === 'number');
  if (shares.length === 0) return '';
  return `; the host stole ${percent(Math.min(...shares))}–${percent(Math.max(...shares))} of the CPU by window`;
}

function formatTable(report) {
  // Each row is compared with the baseline measured last before it.
  let baseline;
  const lines = [
    `Parley bench (${report.mode}), ${report.machine.date}, commit ${report.machine.commit}`,
    `Machine: ${report.machine.os}, ${report.machine.cpus}, ${report.machine.memory}, Node ${report.machine.node}; everything on one machine`,
    ...tuningLine(report.serviceTuning),
    '',
    '| scenario | req/s | × baseline | p50 ms | p99 ms | errors | non-2xx | service peak so far, MB | host stole |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of report.scenarios) {
    if (row.id.startsWith('baseline')) baseline = row;
    const ratio = baseline ? (row.rps / baseline.rps).toFixed(2) : '-';
    lines.push(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${ratio} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${row.errors} | ${row.non2xx} | ${row.servicePeakRss ? (row.servicePeakRss / MB).toFixed(0) : '-'} | ${typeof row.stolen === 'number' ? percent(row.stolen) : '-'} |`,
    );
  }
  const memory = Object.entries(report.memory)
    .map(([key, bytes]) => `${key} ${(bytes / MB).toFixed(0)} MB`)
    .join(', ');
  lines.push('', `Peak resident memory: ${memory}.`);
  if (report.checks.webhooks) {
    const w = report.checks.webhooks;
    lines.push(
      `Webhooks: ${w.distinct} distinct events, ${w.processed} processed, applied twice ${w.appliedTwice}, never applied ${w.neverApplied}: ${w.exactlyOnce ? 'exactly once' : 'NOT exactly once'}.`,
    );
  }
  if (report.checks.pageLatency) {
    const { pageNumber, tiny, page, huge } = report.checks.pageLatency;
    const { threads } = report.seed;
    const n = (count) => count.toLocaleString('en-US');
    const ms = (row) => `${row.p50.toFixed(2)} ms (p99 ${row.p99.toFixed(2)})`;
    lines.push(
      `Page latency, uncached, interleaved on one connection (${tiny.requests} each), median: page 1 of ${n(threads.tiny)} ${ms(tiny)}; page ${pageNumber} of ${n(threads.big)} ${ms(page)}; page 1 of ${n(threads.huge)} ${ms(huge)}.`,
    );
  }
  if (report.checks.live) {
    const l = report.checks.live;
    lines.push(
      `Live streams: ${l.streams} open on one article (${l.reconnects} reconnections with Last-Event-ID after a slow-reader cut-off), ${l.created} posts at ${report.settings.liveRate}/s, ${l.received} of ${l.expected} deliveries, latency (answer → event) p50 ${l.p50?.toFixed(1)} ms, p99 ${l.p99?.toFixed(1)} ms; resident ${(l.rssBefore / MB).toFixed(0)} MB before, ${(l.rssOpen / MB).toFixed(0)} MB with the streams open (${(l.perThousandStreams / MB).toFixed(1)} MB per 1,000 streams), peak ${(l.peakRss / MB).toFixed(0)} MB.`,
    );
  }
  if (report.checks.soak) {
    const k = report.checks.soak;
    const p99s = k.windows.map((w) => w.p99);
    lines.push(
      `Soak: ${k.requests} requests of the 95/5 mix over ${k.durationS} s at ${k.rate}/s (${Math.round(report.settings.soakShare * 100)}% of ${k.maxRps}/s, the highest rate it held open-loop with p99 ≤ ${report.settings.soakSearch.sloMs} ms and no error; trials ${k.search.map((t) => `${t.rate}/s ${t.held ? 'held' : `not held (p99 ${t.p99?.toFixed(0)} ms, ${t.non2xx} non-2xx, ${t.errors} errors)`}`).join(', ')}; ${k.closedLoopRps.toFixed(0)} req/s closed-loop), windows of ${report.settings.soakWindowS} s: resident memory ${(k.windows[0].rss / MB).toFixed(0)} MB after the first, ${(k.windows.at(-1).rss / MB).toFixed(0)} MB after the last, growth after warm-up ${(100 * k.memoryGrowth).toFixed(1)}%; p99 drift after warm-up ${(100 * k.p99Drift).toFixed(0)}%, window p99 ${Math.min(...p99s).toFixed(1)}–${Math.max(...p99s).toFixed(1)} ms (p99s by window: ${p99s.map((p) => p.toFixed(0)).join(', ')})${stolenRange(k.windows)}. Retention rounds (every ${report.settings.soakRetentionS} s): ${k.retention.length === 0 ? 'none purged anything' : k.retention.map((r) => `${r.purged} rows ${r.windowEndS === null ? 'before the windows' : `in the window ending at ${r.windowEndS} s`}`).join(', ')}.`,
    );
  }
  lines.push('', '| target | figure | met |', '| --- | ---: | --- |');
  for (const t of report.targets) {
    const figure =
      t.figure === null
        ? '-'
        : `${t.figure.toFixed(t.unit === '×' ? 2 : t.unit === '%' ? 1 : 0)}${t.unit === '×' ? '×' : ` ${t.unit}`}`;
    lines.push(
      `| ${t.target} | ${figure} | ${t.met === null ? 'not measured' : t.met ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

module.exports = { evaluateTargets, formatTable };
