'use strict';
const { Client } = require('pg');
const { closedLoop, fixedConcurrency, interleaved, openLoop } = require('./load');
const { liveStreams } = require('./live-streams');
const { soak, retentionRounds } = require('./soak');
const { sessionId, userId } = require('./seed');
const { signAccessToken } = require('./tokens');
const { webhookItems, checkWebhooks } = require('./webhooks');

const RUN = Date.now().toString(36);

const listPath = (key, query = '') => `/api/v1/articles/bench-${key}/comments${query}`;
/** The page every scenario reads: newest first, 20 a page; a cursor for a later page. */
const newestPage = (key, cursor) =>
  listPath(key, `?sort=newest&limit=20${cursor ? `&cursor=${cursor}` : ''}`);

/**
 * Phase A, the service as deployed (cache on): the baseline and the anonymous first page side
 * by side, signed-in first page, the 95/5 mix, posting and likes (open loop), webhook bursts.
 * Phase B, the service with CACHE_TTL_MS=0: what a page costs in the database (page 200, page 1
 * of the 1,000,000- and 100-comment threads), where the cache would hide the query.
 * Phase C (s7), live updates: many open streams on one article of one instance while comments
 * are posted to it (delivery to every stream, latency, memory per 1,000 streams).
 */
async function runScenarios(ctx) {
  const { log, settings, plan, only, failures } = ctx;
  const wanted = (id) => !only || only.has(id);
  const scenarios = [];
  const memory = {};
  const checks = {};
  const tokens = Array.from({ length: plan.subscribers }, (_, i) =>
    signAccessToken({
      userId: userId(i + 1),
      sessionId: sessionId(i + 1),
      secret: ctx.secrets.jwt,
    }),
  );
  const auth = (i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });

  // The service of the phase at hand: each row carries its peak resident memory so far, which
  // tells the scenario that set the phase's peak.
  let service;
  const record = (id, name, result, extra = {}) => {
    const row = { id, name, ...result, servicePeakRss: service?.peakRss(), ...extra };
    delete row.answers;
    scenarios.push(row);
    log(
      `   ${name}: ${row.rps.toFixed(0)} req/s, p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, errors ${row.errors}, non-2xx ${row.non2xx}${row.servicePeakRss ? `; service peak so far ${mb(row.servicePeakRss)} MB` : ''}${typeof row.stolen === 'number' ? `; host stole ${percent(row.stolen)} of the CPU` : ''}`,
    );
    if (row.errors > 0 || row.non2xx > 0)
      failures.push(
        `${name}: ${row.errors} errors, ${row.non2xx} non-2xx responses ${row.statuses ? JSON.stringify(row.statuses) : ''}`,
      );
    return row;
  };
  const read = async (origin, path, connections, requests) => {
    const options = { url: `${origin}${path}`, connections, requests };
    if (settings.warmupS > 0) await closedLoop({ ...options, durationS: settings.warmupS });
    return closedLoop({ ...options, durationS: settings.durationS });
  };

  log('== phase A: the service as deployed (anonymous cache on)');
  const baseline = await ctx.startBaseline();
  try {
    service = await ctx.startService('service');
  } catch (error) {
    // A service that fails to start must not leave the baseline holding its port for later runs.
    await baseline.stop();
    throw error;
  }
  try {
    if (wanted('s1')) {
      log('-- 1. anonymous first page of the big thread, baseline and service side by side');
      record(
        'baseline',
        `baseline: page 1, ${n(plan.threads.big)} comments`,
        await read(ctx.origins.baseline, newestPage('big'), settings.connections),
      );
      record(
        's1',
        `1. anonymous page 1, ${n(plan.threads.big)}`,
        await read(ctx.origins.service, newestPage('big'), settings.connections),
      );
      // The ceiling: a bare server handing out the same page's bytes from memory; and the service
      // answering the reader's browser or CDN that holds them already (If-None-Match → 304).
      const page = await fetch(`${ctx.origins.service}${newestPage('big')}`);
      const cached = {
        body: await page.text(),
        headers: Object.fromEntries(
          ['etag', 'cache-control', 'vary', 'surrogate-key', 'cache-tag']
            .filter((name) => page.headers.has(name))
            .map((name) => [name, page.headers.get(name)]),
        ),
      };
      const bytes = await ctx.startCachedBytes(cached);
      try {
        record(
          'bytes',
          `bare server, the same page's bytes from memory`,
          await read(ctx.origins.cachedBytes, newestPage('big'), settings.connections),
        );
      } finally {
        memory.cachedBytes = bytes.peakRss();
        await bytes.stop();
      }
      const conditional = { 'if-none-match': cached.headers.etag };
      const options = {
        url: `${ctx.origins.service}${newestPage('big')}`,
        connections: settings.connections,
        headers: conditional,
        expected: '3xx',
      };
      if (settings.warmupS > 0) await closedLoop({ ...options, durationS: settings.warmupS });
      record(
        's1-304',
        `1b. anonymous page 1, If-None-Match (304)`,
        await closedLoop({ ...options, durationS: settings.durationS }),
      );
    }
    if (wanted('s3')) {
      log('-- 3. signed-in first page (likedByMe)');
      let i = 0;
      const requests = [
        {
          method: 'GET',
          path: newestPage('big'),
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...auth(i++) } }),
        },
      ];
      record(
        's3',
        `3. signed-in page 1, ${n(plan.threads.big)}`,
        await read(ctx.origins.service, listPath('big'), settings.connections, requests),
      );
    }
    if (wanted('s6')) {
      log('-- 6. 95% anonymous reads / 5% posts');
      let i = 0;
      const get = { method: 'GET', path: newestPage('big') };
      const post = {
        method: 'POST',
        path: listPath('big'),
        setupRequest: (req) => {
          i += 1;
          return {
            ...req,
            headers: { ...req.headers, 'content-type': 'application/json', ...auth(i) },
            body: JSON.stringify({ body: `Mixed-load comment ${i} ${Date.now()}` }),
          };
        },
      };
      const requests = [...Array.from({ length: 19 }, () => get), post];
      record(
        's6',
        `6. mix 95% read / 5% post, ${n(plan.threads.big)}`,
        await closedLoop({
          url: `${ctx.origins.service}${listPath('big')}`,
          connections: settings.connections,
          durationS: settings.durationS,
          requests,
        }),
      );
    }
    if (wanted('s4')) {
      log(
        `-- 4. posting by ${plan.subscribers} subscribers at ${settings.firstRoundPostRate}/s, likes at ${settings.likeRate}/s, posting at ${settings.postRate}/s (open loop)`,
      );
      // Each write scenario first runs for warmupS at its rate, unmeasured, as the reads do: the
      // service's first writes compile their code paths and prepare their statements.
      const post = (tag) => (i) => ({
        method: 'POST',
        path: listPath('big'),
        headers: { 'content-type': 'application/json', ...auth(i) },
        body: JSON.stringify({
          // Distinct per run too: the same text again within 10 minutes is a 409 duplicate.
          body: `Breaking-news comment ${tag}${i} from subscriber ${i % plan.subscribers} (${RUN})`,
        }),
      });
      const postAt = (rate, durationS, tag) =>
        openLoop({ origin: ctx.origins.service, rate, durationS, next: post(tag) });
      /** Posts at `rate` (warmed up first), checking that every 201 stored one comment. */
      const measurePosting = async ({ id, label, check }, rate) => {
        if (settings.warmupS > 0) await postAt(rate, settings.warmupS, `warm-up ${rate} `);
        const before = await settledCount(ctx.url);
        const posting = await postAt(rate, settings.writeS, `${rate} `);
        record(id, `${label}. post at ${rate}/s, ${n(plan.threads.big)}`, posting);
        const added = (await settledCount(ctx.url)) - before;
        checks[check] = {
          created: posting.statuses[201] ?? 0,
          rowsAdded: added,
        };
        if (added !== (posting.statuses[201] ?? 0))
          failures.push(
            `posting at ${rate}/s: ${posting.statuses[201] ?? 0} answered 201 but ${added} comments were stored`,
          );
      };
      // Round one's rate first; round two's (beyond this machine's capacity, 503s shed the
      // excess) last, so that the likes are measured on a service that is not catching up.
      if (settings.firstRoundPostRate !== settings.postRate)
        await measurePosting(
          { id: 's4-first-round', label: '4a', check: 'postsFirstRound' },
          settings.firstRoundPostRate,
        );
      const targets = await topLevelIds(ctx.url, 'bench-big', 2_000);
      // Warm-up likes come from other subscribers than the measured ones (a repeated like is a no-op).
      const like = (offset) => (i) => ({
        method: 'PUT',
        path: `/api/v1/comments/${targets[(i * 7) % targets.length]}/like`,
        headers: auth(i + offset),
      });
      const likeAt = (durationS, offset) =>
        openLoop({
          origin: ctx.origins.service,
          rate: settings.likeRate,
          durationS,
          next: like(offset),
        });
      if (settings.warmupS > 0) await likeAt(settings.warmupS, 101);
      record(
        's4-likes',
        `4b. like at ${settings.likeRate}/s, ${n(plan.threads.big)}`,
        await likeAt(settings.writeS, 17),
      );
      await measurePosting({ id: 's4', label: '4c', check: 'posts' }, settings.postRate);
      // What an overload left queued drains before the next scenario.
      await new Promise((resolve) => setTimeout(resolve, settings.warmupS * 1000));
    }
    if (wanted('rules')) {
      // Half the subscribers' rate: each one posts every 2 s, clear of the 1 s slow mode.
      const rate = Math.max(1, Math.min(settings.postRate, Math.floor(plan.subscribers / 2)));
      log(`-- rules. posting at ${rate}/s with every posting rule on (remote scoring excepted)`);
      await withClient(ctx.url, (client) => rulesOn(client));
      // The service reads the policy and the words from its cache: let CACHE_TTL_MS (2 s) pass.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      try {
        // Warmed up at the rate first, unmeasured, like 4a.
        const postAt = (durationS, tag) =>
          openLoop({
            origin: ctx.origins.service,
            rate,
            durationS,
            next: (i) => ({
              method: 'POST',
              path: `/api/v1/articles/${RULES_ARTICLE}/comments`,
              headers: { 'content-type': 'application/json', ...auth(i) },
              body: JSON.stringify({
                body: `Rules-on comment ${tag}${i} (${RUN})${i % 10 === 0 ? ' see example.com' : ''}`,
              }),
            }),
          });
        if (settings.warmupS > 0) {
          await postAt(settings.warmupS, 'warm-up ');
          // The article's slow mode (1 s) passes for the warm-up's last posters.
          await new Promise((resolve) => setTimeout(resolve, 1_100));
        }
        const posting = await postAt(settings.writeS, '');
        record('rules', `rules. post at ${rate}/s, every rule on`, posting);
      } finally {
        await withClient(ctx.url, (client) => rulesOff(client));
      }
    }
    if (wanted('s5')) {
      log(
        `-- 5. Stripe webhook bursts: ${settings.webhookEvents} signed events, half duplicates, 20 at a time`,
      );
      const { items, distinct } = webhookItems({
        count: settings.webhookEvents,
        customers: plan.customers,
        secret: ctx.secrets.webhook,
      });
      const burst = await fixedConcurrency({ origin: ctx.origins.service, concurrency: 20, items });
      record(
        's5',
        `5. webhooks, ${settings.webhookEvents} events (half repeats), 20 at a time`,
        burst,
      );
      checks.webhooks = await checkWebhooks(ctx.url, distinct, items, burst.answers);
      if (!checks.webhooks.exactlyOnce)
        failures.push(`webhooks: not applied exactly once: ${JSON.stringify(checks.webhooks)}`);
    }
  } finally {
    memory.serviceCached = service.peakRss();
    memory.baseline = baseline.peakRss();
    await service.stop();
    await baseline.stop();
  }

  if (wanted('s2')) {
    log('== phase B: the service with CACHE_TTL_MS=0 (what a page costs in the database)');
    service = await ctx.startService('service-uncached', { CACHE_TTL_MS: '0' });
    try {
      const c = settings.latencyConnections;
      const page = await cursorForPage(
        ctx.origins.service,
        'big',
        200,
        Math.floor((plan.threads.big * 4) / 5 / 20),
      );
      const pages = {
        tiny: newestPage('tiny'),
        page: newestPage('big', page.cursor),
        huge: newestPage('huge'),
      };
      record(
        's2-tiny',
        `2. uncached page 1, ${n(plan.threads.tiny)}`,
        await read(ctx.origins.service, pages.tiny, c),
      );
      record(
        's2-page',
        `2. uncached page ${page.number}, ${n(plan.threads.big)} (cursor)`,
        await read(ctx.origins.service, pages.page, c),
      );
      record(
        's2-huge',
        `2. uncached page 1, ${n(plan.threads.huge)}`,
        await read(ctx.origins.service, pages.huge, c),
      );
      // The baseline again, right before the page it is compared with: phase A's writes (tens of
      // thousands of posts and likes on this thread) and the host's load since then change what a
      // page costs PostgreSQL, for the bare server as for the service.
      const baselineB = await ctx.startBaseline();
      try {
        record(
          'baseline-b',
          `baseline again: page 1, ${n(plan.threads.big)} comments`,
          await read(ctx.origins.baseline, newestPage('big'), settings.connections),
        );
      } finally {
        memory.baselineB = baselineB.peakRss();
        await baselineB.stop();
      }
      record(
        's2-big',
        `2. uncached page 1, ${n(plan.threads.big)}`,
        await read(ctx.origins.service, newestPage('big'), settings.connections),
      );
      log(`-- 2. page latency, interleaved on one connection, ${settings.latencyRounds} rounds`);
      const latency = await interleaved({
        origin: ctx.origins.service,
        rounds: settings.latencyRounds,
        paths: pages,
      });
      checks.pageLatency = { pageNumber: page.number, ...latency };
      for (const [key, row] of Object.entries(latency)) {
        if (row.errors + row.non2xx > 0)
          failures.push(`page latency (${key}): ${row.errors} errors, ${row.non2xx} non-2xx`);
      }
    } finally {
      memory.serviceUncached = service.peakRss();
      await service.stop();
    }
  }
  if (wanted('s7')) {
    log(
      `== phase C: ${n(settings.liveStreams)} live streams on one article while posting at ${settings.liveRate}/s for ${settings.liveS} s`,
    );
    const articleId = `bench-live-${RUN}`;
    await withClient(ctx.url, (client) =>
      client.query('INSERT INTO articles (id, title, updated_at) VALUES ($1, $2, now())', [
        articleId,
        'Bench live thread',
      ]),
    );
    service = await ctx.startService('service-live');
    try {
      const live = await liveStreams({
        origin: ctx.origins.service,
        pid: service.pid,
        articleId,
        streams: settings.liveStreams,
        rate: settings.liveRate,
        durationS: settings.liveS,
        next: (i) => ({
          path: `/api/v1/articles/${articleId}/comments`,
          headers: auth(i),
          body: JSON.stringify({ body: `Live comment ${i} (${RUN})` }),
        }),
      });
      checks.live = live;
      log(
        `   ${live.streams} streams (${live.refused} refused, opened in ${live.openedS.toFixed(1)} s, ${live.reconnects} reconnections after a cut-off, ${live.lostStreams} failed), ${live.created}/${live.posts} posts, ${live.received}/${live.expected} deliveries, latency p50 ${fmt(live.p50)} ms p99 ${fmt(live.p99)} ms; RSS ${mb(live.rssBefore)} MB → ${mb(live.rssOpen)} MB open (${mb(live.perThousandStreams)} MB per 1,000 streams), peak ${mb(live.peakRss)} MB; CPU (cores) service ${live.serviceCpu.toFixed(2)}, bench client ${live.clientCpu.toFixed(2)}`,
      );
      if (live.refused > 0 || live.errors > 0 || live.created !== live.posts)
        failures.push(
          `live streams: ${live.refused} refused, ${live.errors} errors, ${live.created}/${live.posts} posts created ${JSON.stringify(live.statuses)}`,
        );
      if (live.received !== live.expected)
        failures.push(`live streams: ${live.received} of ${live.expected} deliveries arrived`);
    } finally {
      memory.liveStreams = service.peakRss();
      await service.stop();
    }
  }
  if (wanted('soak') && settings.soakS > 0) {
    log(
      `== phase D: soak, the 95/5 mix at ${Math.round(settings.soakShare * 100)}% of its maximum for ${settings.soakS} s`,
    );
    // Retention rounds come every soakRetentionS (the first at a random point of the first), so
    // that every soak meets at least one; the first purges the whole run's backlog.
    service = await ctx.startService('service-soak', {
      RETENTION_INTERVAL_SECONDS: String(settings.soakRetentionS),
    });
    try {
      let probeCount = 0;
      // The closed-loop probe's posts have texts of their own: the same text from the same author
      // within 10 minutes is a duplicate (409), and the soak's numbers reach the probe's.
      const mixPost = (i, kind = 'comment') => ({
        method: 'POST',
        path: listPath('big'),
        headers: { 'content-type': 'application/json', ...auth(i) },
        body: JSON.stringify({ body: `Soak ${kind} ${i} (${RUN})` }),
      });
      const result = await soak({
        origin: ctx.origins.service,
        pid: service.pid,
        url: `${ctx.origins.service}${listPath('big')}`,
        share: settings.soakShare,
        durationS: settings.soakS,
        windowS: settings.soakWindowS,
        warmupS: settings.soakWarmupS,
        probeS: settings.durationS,
        search: settings.soakSearch,
        request: {
          autocannon: [
            ...Array.from({ length: 19 }, () => ({ method: 'GET', path: newestPage('big') })),
            {
              method: 'POST',
              path: listPath('big'),
              setupRequest: (req) => {
                const { headers, body } = mixPost((probeCount += 1), 'probe');
                return { ...req, headers: { ...req.headers, ...headers }, body };
              },
            },
          ],
          open: (i) => (i % 20 === 19 ? mixPost(i) : { method: 'GET', path: newestPage('big') }),
        },
      });
      result.retention = retentionRounds(service.logFile, result.windows, settings.soakWindowS);
      checks.soak = result;
      log(
        `   ${result.requests} requests at ${result.rate}/s (${Math.round(settings.soakShare * 100)}% of ${result.maxRps}/s, the highest rate held open-loop; ${result.closedLoopRps.toFixed(0)}/s closed-loop), memory growth after warm-up ${(100 * (result.memoryGrowth ?? 0)).toFixed(1)}%, window p99 from ${fmt(Math.min(...result.windows.map((w) => w.p99)))} to ${fmt(Math.max(...result.windows.map((w) => w.p99)))} ms, errors ${result.errors}, non-2xx ${result.non2xx}`,
      );
      for (const round of result.retention)
        log(
          `   retention round ${round.windowEndS === null ? 'before the windows' : `in the window ending at ${round.windowEndS} s`}: ${round.purged} rows purged ${JSON.stringify(round.steps)}`,
        );
      if (result.errors > 0 || result.non2xx > 0)
        failures.push(`soak: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
    } finally {
      memory.soak = service.peakRss();
      await service.stop();
    }
  }
  return { scenarios, memory, checks };
}

const RULES_ARTICLE = 'bench-rules';

/**
 * Every posting rule on, written straight to the bench database: the site policy (new commenters,
 * links, surge above any rate the bench reaches), 300 banned words (hold, wildcard and refuse
 * entries), and an article with slow mode and a plans-free audience.
 */
async function rulesOn(client) {
  await client.query(`INSERT INTO posting_policies (id, new_commenter_premoderation, hold_links, surge_comments_per_minute)
    VALUES (1, 3, true, 100000) ON CONFLICT (id) DO UPDATE SET new_commenter_premoderation = 3,
    hold_links = true, surge_comments_per_minute = 100000`);
  await client.query(`INSERT INTO banned_words (word, action)
    SELECT 'benchword' || g || CASE WHEN g % 3 = 0 THEN '*' ELSE '' END,
      (CASE WHEN g % 10 = 0 THEN 'refuse' ELSE 'hold' END)::"BannedWordAction"
    FROM generate_series(1, 300) g ON CONFLICT (word) DO NOTHING`);
  await client.query(
    `INSERT INTO articles (id, title, updated_at, slow_mode_seconds)
    VALUES ($1, 'Rules on', now(), 1) ON CONFLICT (id) DO UPDATE SET slow_mode_seconds = 1`,
    [RULES_ARTICLE],
  );
}

async function rulesOff(client) {
  await client.query('DELETE FROM posting_policies');
  await client.query("DELETE FROM banned_words WHERE word LIKE 'benchword%'");
}

/** Walks the list page by page, as a reader would, to the cursor of page `wanted` (or the last). */
async function cursorForPage(origin, key, wanted, available) {
  const target = Math.max(2, Math.min(wanted, available));
  let cursor = null;
  for (let page = 1; page < target; page += 1) {
    const response = await fetch(`${origin}${newestPage(key, cursor)}`);
    if (response.status !== 200)
      throw new Error(`walking to page ${target}: page ${page} answered ${response.status}`);
    cursor = (await response.json()).nextCursor;
    if (!cursor) throw new Error(`walking to page ${target}: the list ended at page ${page}`);
  }
  return { number: target, cursor };
}

async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function countComments(url) {
  return withClient(url, async (client) =>
    Number(
      (await client.query("SELECT count(*) AS n FROM comments WHERE article_id = 'bench-big'"))
        .rows[0].n,
    ),
  );
}

/** The count once it stops moving: posts of an earlier closed-loop run may still be committing. */
async function settledCount(url) {
  let previous = await countComments(url);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = await countComments(url);
    if (current === previous) return current;
    previous = current;
  }
}

function topLevelIds(url, articleId, limit) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      "SELECT id::text FROM comments WHERE article_id = $1 AND parent_id IS NULL AND status = 'visible' ORDER BY created_at DESC LIMIT $2",
      [articleId, limit],
    );
    return rows.map((row) => row.id);
  });
}

function n(count) {
  return count.toLocaleString('en');
}

/** Bytes as whole MB (MiB, as the kernel counts). */
function mb(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

/** A share (0..1) as a whole percentage. */
function percent(share) {
  return `${Math.round(share * 100)} %`;
}

function fmt(ms) {
  return ms === null || ms === undefined ? '-' : Number(ms).toFixed(ms < 10 ? 2 : 1);
}

module.exports = { runScenarios, fmt, percent };
