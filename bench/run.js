#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (full) and `npm run bench -- --quick` (small seed, ~1 s per scenario, checks
 * correctness only). Builds the service if needed, seeds PostgreSQL, starts the bare baseline
 * and the service as separate processes, drives them over loopback, and prints a table (also
 * written as JSON and Markdown to bench/results/). Exits 1 on a correctness failure only: the
 * targets are reported, never enforced.
 *
 * Options: --quick, --reuse-seed (keep a database that already holds this seed), --cpu-prof
 * (profile the service into bench/results/profiles/), --only=s1,s2,... (a subset of scenarios),
 * --soak (add the soak: the 95/5 mix at 70% of its maximum for 30 minutes; BENCH_SOAK_SECONDS
 * resizes it; the soak's service runs a retention round every 15 minutes, the first at a random
 * point of the first, RETENTION_INTERVAL_SECONDS changes that).
 * Environment: the service settings in TUNABLE pass through (`HEAP_GROWTH_PERCENT=0 npm run
 * bench`); BENCH_NODE_ARGS adds Node flags to the service process (`--trace-gc`);
 * BENCH_POST_RATE and BENCH_LIKE_RATE set the write rates (s4), BENCH_LIVE_STREAMS,
 * BENCH_LIVE_RATE and BENCH_LIVE_SECONDS size the live-streams scenario (s7), in either mode (`BENCH_LIVE_STREAMS=5000 npm run bench -- --quick --only=s7` measures the
 * full scenario on the quick seed).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureBuilt } = require('./lib/build');
const { startFakeStripe } = require('./lib/fake-stripe');
const { startProcess } = require('./lib/processes');
const { runScenarios } = require('./lib/scenarios');
const { checkCounters, existingSeed, migrate, recreateDatabase, seed } = require('./lib/seed');
const { formatTable, evaluateTargets } = require('./lib/report');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/parley_bench';

function parseArgs(argv) {
  const options = { quick: false, reuseSeed: false, cpuProf: false, only: null, soak: false };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--soak') options.soak = true;
    else if (arg === '--reuse-seed') options.reuseSeed = true;
    else if (arg === '--cpu-prof') options.cpuProf = true;
    else if (arg.startsWith('--only='))
      options.only = new Set(arg.slice('--only='.length).split(','));
    else
      throw new Error(
        `unknown option ${arg} (known: --quick, --reuse-seed, --cpu-prof, --soak, --only=s1,s2,...)`,
      );
  }
  return options;
}

function databaseUrl(quick) {
  const url = new URL(process.env.BENCH_DATABASE_URL || DEFAULT_URL);
  if (quick) url.pathname = `${url.pathname}_quick`;
  return url.toString();
}

/** Service settings an operator may try in a bench run (`LOG_LEVEL=warn npm run bench`). */
const TUNABLE = [
  'LOG_LEVEL',
  'DATABASE_POOL_SIZE',
  'HEAP_GROWTH_PERCENT',
  'MAX_IN_FLIGHT_REQUESTS',
  'ARTICLE_CHANGED_INTERVAL_SECONDS',
  'OUTBOX_POLL_INTERVAL_MS',
  'MALLOC_ARENA_MAX',
  'MALLOC_TRIM_INTERVAL_MS',
  'MALLOC_TRIM_THRESHOLD_',
  'MALLOC_MMAP_THRESHOLD_',
  'RETENTION_INTERVAL_SECONDS',
];

function tuningFromEnvironment() {
  return Object.fromEntries(
    TUNABLE.filter((name) => process.env[name] !== undefined).map((name) => [
      name,
      process.env[name],
    ]),
  );
}

const PLANS = {
  full: {
    users: 20_000,
    subscribers: 200,
    customers: 1_000,
    threads: { tiny: 100, medium: 10_000, big: 100_000, huge: 1_000_000 },
  },
  quick: {
    users: 2_000,
    subscribers: 200,
    customers: 200,
    threads: { tiny: 100, medium: 500, big: 2_000, huge: 5_000 },
  },
};

const SETTINGS = {
  full: {
    durationS: 10,
    warmupS: 2,
    connections: 50,
    latencyConnections: 10,
    latencyRounds: 1_000,
    postRate: 500,
    firstRoundPostRate: 200,
    likeRate: 200,
    writeS: 10,
    webhookEvents: 2_000,
    liveStreams: 5_000,
    liveRate: 50,
    liveS: 10,
    soakS: 1_800,
    soakWindowS: 60,
    soakWarmupS: 180,
    soakRetentionS: 900,
    soakShare: 0.7,
    soakSearch: { trialS: 5, settleS: 3, sloMs: 100 },
  },
  quick: {
    durationS: 1,
    warmupS: 0.5,
    connections: 20,
    latencyConnections: 5,
    latencyRounds: 50,
    postRate: 50,
    firstRoundPostRate: 50,
    likeRate: 50,
    writeS: 2,
    webhookEvents: 400,
    liveStreams: 50,
    liveRate: 20,
    liveS: 2,
    soakS: 20,
    soakWindowS: 5,
    soakWarmupS: 5,
    soakRetentionS: 10,
    soakShare: 0.7,
    soakSearch: { trialS: 1, settleS: 0.5, sloMs: 250 },
  },
};

/** Scenario sizes the environment may override, in either mode. */
function settingOverrides() {
  const number = (name) => (process.env[name] ? Number(process.env[name]) : undefined);
  const overrides = {
    postRate: number('BENCH_POST_RATE'),
    likeRate: number('BENCH_LIKE_RATE'),
    liveStreams: number('BENCH_LIVE_STREAMS'),
    liveRate: number('BENCH_LIVE_RATE'),
    liveS: number('BENCH_LIVE_SECONDS'),
  };
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}

/** How `npm run start:prod` starts the service: its environment assignments, Node flags and script. */
function productionStart() {
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts[
    'start:prod'
  ];
  const words = script.split(/\s+/);
  const node = words.indexOf('node');
  return {
    env: Object.fromEntries(
      words
        .slice(0, node)
        .map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
    ),
    flags: words.slice(node + 1).filter((word) => word.startsWith('--')),
    script: words.slice(node + 1).find((word) => !word.startsWith('--')),
  };
}

function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim() !== '';
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  const pg = spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? null;
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgresClient: pg,
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    date: new Date().toISOString(),
  };
}

async function prepareDatabase(url, plan, reuseSeed, log) {
  if (reuseSeed && (await existingSeed(url, plan))) {
    log(`== reusing the seed in ${new URL(url).pathname.slice(1)}`);
    await migrate(url, ROOT);
    return 0;
  }
  log(
    `== seeding ${new URL(url).pathname.slice(1)} (${Object.values(plan.threads)
      .map((n) => n.toLocaleString('en'))
      .join(' / ')} comments)`,
  );
  const started = Date.now();
  await recreateDatabase(url);
  await migrate(url, ROOT);
  await seed(url, plan, log);
  const seconds = (Date.now() - started) / 1000;
  log(`   seeded in ${seconds.toFixed(1)} s`);
  return seconds;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const mode = options.quick ? 'quick' : 'full';
  const plan = PLANS[mode];
  const settings = { ...SETTINGS[mode], ...settingOverrides() };
  // The soak runs when asked for (--soak, or --only=soak), for BENCH_SOAK_SECONDS when set.
  if (!options.soak && !options.only?.has('soak')) settings.soakS = 0;
  else if (process.env.BENCH_SOAK_SECONDS) settings.soakS = Number(process.env.BENCH_SOAK_SECONDS);
  if (process.env.RETENTION_INTERVAL_SECONDS)
    settings.soakRetentionS = Number(process.env.RETENTION_INTERVAL_SECONDS);
  const log = (line) => process.stdout.write(`${line}\n`);
  const url = databaseUrl(options.quick);
  fs.mkdirSync(RESULTS, { recursive: true });

  const production = productionStart();
  ensureBuilt(ROOT, production.script, log);
  const seedSeconds = await prepareDatabase(url, plan, options.reuseSeed && !options.quick, log);
  const failures = [];
  const counters = await checkCounters(url);
  if (counters.articles + counters.replies + counters.likes > 0)
    failures.push(`seeded counters disagree with their rows: ${JSON.stringify(counters)}`);

  const stripe = await startFakeStripe();
  const secrets = {
    jwt: randomBytes(48).toString('hex'),
    webhook: `whsec_${randomBytes(24).toString('hex')}`,
  };
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  const profileDir = path.join(RESULTS, 'profiles');
  const ports = { baseline: 18_080, service: 18_081, cachedBytes: 18_082 };

  const startService = (label, extraEnv = {}) =>
    startProcess({
      label,
      args: [
        ...production.flags,
        ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
        path.join(ROOT, production.script),
      ],
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(ports.service),
        DATABASE_URL: url,
        DATA_DIR: path.join(logDir, 'data'),
        JWT_SECRET: secrets.jwt,
        RATE_LIMIT_DISABLED: 'true',
        STRIPE_SECRET_KEY: 'sk_test_bench',
        STRIPE_WEBHOOK_SECRET: secrets.webhook,
        STRIPE_API_BASE: stripe.url,
        ...production.env,
        ...tuningFromEnvironment(),
        ...extraEnv,
      },
      readyUrl: `http://127.0.0.1:${ports.service}/api/v1/health/ready`,
      logFile: path.join(logDir, `${label.replace(/\W+/g, '-')}.log`),
    });
  const startBaseline = () =>
    startProcess({
      label: 'baseline',
      args: [path.join(__dirname, 'lib/baseline.js')],
      env: { PORT: String(ports.baseline), DATABASE_URL: url, DATABASE_POOL_SIZE: '10' },
      readyUrl: `http://127.0.0.1:${ports.baseline}/api/v1/articles/bench-tiny/comments`,
      logFile: path.join(logDir, 'baseline.log'),
    });

  const startCachedBytes = (page) => {
    const file = path.join(logDir, 'cached-page.json');
    fs.writeFileSync(file, JSON.stringify(page));
    return startProcess({
      label: 'cached bytes',
      args: [path.join(__dirname, 'lib/cached-bytes.js')],
      env: { PORT: String(ports.cachedBytes), BYTES_FILE: file },
      readyUrl: `http://127.0.0.1:${ports.cachedBytes}/`,
      logFile: path.join(logDir, 'cached-bytes.log'),
    });
  };

  let results;
  try {
    results = await runScenarios({
      log,
      url,
      plan,
      settings,
      only: options.only,
      origins: {
        baseline: `http://127.0.0.1:${ports.baseline}`,
        service: `http://127.0.0.1:${ports.service}`,
        cachedBytes: `http://127.0.0.1:${ports.cachedBytes}`,
      },
      secrets,
      startService,
      startBaseline,
      startCachedBytes,
      failures,
    });
  } finally {
    await stripe.close();
  }
  const after = await checkCounters(url);
  if (after.articles + after.replies + after.likes > 0)
    failures.push(`after the run, counters disagree with their rows: ${JSON.stringify(after)}`);

  const targets = evaluateTargets(results);
  const report = {
    mode,
    machine: machine(),
    seed: { ...plan, seconds: seedSeconds },
    settings,
    serviceTuning: { ...tuningFromEnvironment(), nodeArgs: process.env.BENCH_NODE_ARGS ?? '' },
    scenarios: results.scenarios,
    memory: results.memory,
    checks: results.checks,
    targets,
    failures,
  };
  const table = formatTable(report);
  log('');
  log(table);
  const stamp = report.machine.date.replace(/[:.]/g, '-');
  fs.writeFileSync(
    path.join(RESULTS, `bench-${mode}-${stamp}.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(RESULTS, `latest-${mode}.md`), `${table}\n`);
  log(`\nJSON: bench/results/bench-${mode}-${stamp}.json; service logs: ${logDir}`);
  if (failures.length > 0) {
    log(`\nCORRECTNESS FAILURES:\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
