'use strict';
const { isDeepStrictEqual } = require('node:util');
/**
 * Fills the bench database with set-based SQL (generate_series): users, subscribers with
 * complimentary grants, Stripe customers for the webhook scenario, and one article per thread
 * size with ~20% replies and likes on a long tail. Counters are computed from the rows, then
 * checked against them.
 */
const { Client } = require('pg');
const path = require('node:path');

// 2: one login_sessions row per user (access tokens carry its id as `sid`).
// 3: and a refresh token for each, unexpired: the retention job purges logins left without one.
const SEED_VERSION = 3;

async function recreateDatabase(url) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes('bench'))
    throw new Error(`refusing to recreate database "${name}": its name must contain "bench"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/** The seed's description when this database already holds exactly this seed, else null. */
async function existingSeed(url, plan) {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT plan FROM bench_seed');
    // jsonb does not keep key order: compare the values, not their JSON text.
    return rows[0] && isDeepStrictEqual(rows[0].plan, { ...plan, v: SEED_VERSION })
      ? rows[0].plan
      : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrate(url, root) {
  const { runMigrations } = require(path.join(root, 'dist/libs/database/src/index.js'));
  await runMigrations(url);
}

/**
 * plan: { users, subscribers, customers, threads: { key: size } }. Users 1..subscribers are the
 * subscribers (complimentary grants); users 1..customers have Stripe customers `cus_bench_<n>`.
 */
async function seed(url, plan, log) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const step = async (label, sql, params) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    log(`  ${label}: ${result.rowCount ?? ''} (${Date.now() - started} ms)`);
    return result;
  };
  try {
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '256MB'");
    await step(
      'users',
      `
      INSERT INTO users (id, email, email_normalized, display_name, password_hash, role, updated_at, email_verified_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'bench' || n || '@example.com', 'bench' || n || '@example.com',
             'Reader ' || n, 'not-a-password-hash', CASE WHEN n = $1 THEN 'admin'::"Role" ELSE 'reader'::"Role" END, now(), now()
      FROM generate_series(1, $1) AS n`,
      [plan.users],
    );
    // One login per user, so that the tokens the bench signs carry a live `sid` (bench/lib/tokens.js).
    await step(
      'logins',
      `
      INSERT INTO login_sessions (id, user_id)
      SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid
      FROM generate_series(1, $1) AS n`,
      [plan.users],
    );
    // A login without a refresh token is one whose tokens were purged: the retention job deletes
    // it (with RETENTION_REFRESH_TOKENS_DAYS=0, at the service's start), and the tokens with it.
    await step(
      'refresh tokens',
      `
      INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
      SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
        ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'bench-unusable-' || n, now() + interval '10 years'
      FROM generate_series(1, $1) AS n`,
      [plan.users],
    );
    await step(
      'complimentary grants',
      `
      INSERT INTO complimentary_grants (user_id, granted_by, updated_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex($2::int), 12, '0'))::uuid, now()
      FROM generate_series(1, $1) AS n`,
      [plan.subscribers, plan.users],
    );
    await step(
      'stripe customers',
      `
      INSERT INTO stripe_customers (user_id, customer_id, updated_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'cus_bench_' || n, now()
      FROM generate_series(1, $1) AS n`,
      [plan.customers],
    );
    for (const [key, size] of Object.entries(plan.threads))
      await seedThread(client, step, key, size, plan.users);
    await step('vacuum analyze', 'VACUUM ANALYZE');
    // Otherwise the checkpoint that follows the seed's writes runs through the first scenarios
    // (posting at 200/s right after a seed: p99 2.5 s while it wrote). A role without the right
    // to checkpoint leaves it to the server.
    await step('checkpoint', 'CHECKPOINT').catch((error) =>
      log(`  checkpoint skipped: ${error.message}`),
    );
    await client.query('CREATE TABLE bench_seed (plan jsonb NOT NULL)');
    await client.query('INSERT INTO bench_seed (plan) VALUES ($1)', [
      JSON.stringify({ ...plan, v: SEED_VERSION }),
    ]);
  } finally {
    await client.end();
  }
}

/**
 * One article with `size` comments: 80% top-level, one minute apart going back from now; 20%
 * replies to a spread of them (depth 1), a few seconds after their parent. Likes per comment
 * follow floor(50 · r^30): most comments have none, a few have dozens.
 */
async function seedThread(client, step, key, size, users) {
  const articleId = `bench-${key}`;
  const top = size - Math.floor(size / 5);
  const replies = size - top;
  await step(
    `article ${articleId}`,
    'INSERT INTO articles (id, title, updated_at) VALUES ($1, $2, now())',
    [articleId, `Bench thread of ${size} comments`],
  );
  await client.query('DROP TABLE IF EXISTS seed_comments');
  await step(
    `${articleId} rows`,
    `
    CREATE UNLOGGED TABLE seed_comments AS
    SELECT n, gen_random_uuid() AS id,
           CASE WHEN n <= $2 THEN NULL ELSE 1 + ((n * 7919::bigint) % $2)::int END AS parent_n,
           ('00000000-0000-4000-8000-' || lpad(to_hex(1 + ((n * 104729::bigint) % $3)::int), 12, '0'))::uuid AS author_id,
           floor(50 * power(random(), 30))::int AS likes
    FROM generate_series(1, $1) AS n`,
    [size, top, users - 1],
  );
  await client.query('CREATE UNIQUE INDEX ON seed_comments (n)');
  await step(
    `${articleId} top-level`,
    `
    INSERT INTO comments (id, article_id, parent_id, depth, author_id, body, status, like_count, created_at)
    SELECT id, $1, NULL, 0, author_id, 'Comment number ' || n || ' on a long thread, saying something about the story.', 'visible', likes,
           now() - make_interval(mins => n)
    FROM seed_comments WHERE parent_n IS NULL`,
    [articleId],
  );
  await step(
    `${articleId} replies`,
    `
    INSERT INTO comments (id, article_id, parent_id, depth, author_id, body, status, like_count, created_at)
    SELECT r.id, $1, p.id, 1, r.author_id, 'Reply number ' || r.n || ', answering comment ' || p.n || '.', 'visible', r.likes,
           now() - make_interval(mins => p.n) + make_interval(secs => 1 + r.n % 50)
    FROM seed_comments r JOIN seed_comments p ON p.n = r.parent_n`,
    [articleId],
  );
  await step(
    `${articleId} likes`,
    `
    INSERT INTO comment_likes (comment_id, user_id, created_at)
    SELECT c.id, ('00000000-0000-4000-8000-' || lpad(to_hex(1 + ((c.n * 31 + k) % $1)::int), 12, '0'))::uuid, now()
    FROM seed_comments c CROSS JOIN LATERAL generate_series(0, c.likes - 1) AS k
    WHERE c.likes > 0`,
    [users - 1],
  );
  await step(
    `${articleId} reply counts`,
    `
    UPDATE comments p SET reply_count = r.n
    FROM (SELECT parent_id, count(*)::int AS n FROM comments WHERE article_id = $1 AND parent_id IS NOT NULL AND status = 'visible' GROUP BY parent_id) r
    WHERE p.id = r.parent_id`,
    [articleId],
  );
  // The service spreads an article's count over 16 shard rows; the whole seeded count in shard 0
  // reads the same (the sum).
  await step(
    `${articleId} comment count`,
    `
    INSERT INTO article_comment_counts (article_id, shard, n)
    SELECT $1, 0, count(*) FROM comments WHERE article_id = $1 AND status = 'visible'`,
    [articleId],
  );
  await client.query('DROP TABLE seed_comments');
  if (replies < 0) throw new Error('thread sizes must be positive');
}

/** Counters equal to the rows they count, for every comment and article; returns the mismatches. */
async function checkCounters(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT
        (SELECT count(*) FROM articles a WHERE coalesce((SELECT sum(s.n) FROM article_comment_counts s WHERE s.article_id = a.id), 0)
           <> (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'visible'))::int AS articles,
        (SELECT count(*) FROM comments p LEFT JOIN (SELECT parent_id, count(*) AS n FROM comments WHERE status = 'visible' AND parent_id IS NOT NULL GROUP BY parent_id) r
           ON r.parent_id = p.id WHERE p.reply_count <> coalesce(r.n, 0))::int AS replies,
        (SELECT count(*) FROM comments c LEFT JOIN (SELECT comment_id, count(*) AS n FROM comment_likes GROUP BY comment_id) l
           ON l.comment_id = c.id WHERE c.like_count <> coalesce(l.n, 0))::int AS likes`);
    return rows[0];
  } finally {
    await client.end();
  }
}

function userId(n) {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The seeded login of user n. */
function sessionId(n) {
  return `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`;
}

module.exports = {
  recreateDatabase,
  existingSeed,
  migrate,
  seed,
  checkCounters,
  userId,
  sessionId,
};
