import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { testDatabaseDirectUrl, testDatabaseReplicaUrl, testDatabaseUrl } from '@parley/testing';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { waitUntil } from '../support/poll';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

jest.setTimeout(90_000);

// A real streaming replica of the test server (scripts/replica-for-tests.sh, run by .ci/run).
const replicaUrl = testDatabaseReplicaUrl();
if (!replicaUrl && process.env.CI === 'true' && process.env.PARLEY_TEST_ADMIN_URL)
  throw new Error(
    'TEST_DATABASE_REPLICA_URL is not set: CI must run eval "$(bash scripts/replica-for-tests.sh)" first',
  );

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'replica-for-tests.sh');
// Wide enough that a paused replica is still in use for the few requests after a post on a busy CI
// machine; the lag test then waits for it to pass.
const MAX_LAG_SECONDS = 5;

/**
 * Reads that a replica serves are told apart from the primary's by what the replica has not
 * replayed yet: with replay paused, a change made since is on the primary only.
 */
(replicaUrl ? describe : describe.skip)('read replicas (DATABASE_REPLICA_URLS)', () => {
  let one: TestApp;
  let two: TestApp;
  let cached: TestApp;
  let staff: TestAccount;
  let reader: TestAccount;
  let replica: Client;
  let primary: Client;

  const env = (cacheTtlMs: string) => ({
    DATABASE_REPLICA_URLS: replicaUrl,
    REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    REPLICA_READ_YOUR_WRITES_SECONDS: String(MAX_LAG_SECONDS + 2),
    REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    CACHE_TTL_MS: cacheTtlMs,
  });
  const bodies = (res: { body: { items: { body: string }[] } }) =>
    res.body.items.map((item) => item.body);
  const list = (t: TestApp, articleId: string, auth?: Record<string, string>) => {
    const req = t.http().get(`/api/v1/articles/${encodeURIComponent(articleId)}/comments`);
    return auth ? req.set(auth) : req;
  };

  async function connectReplica(): Promise<Client> {
    const client = new Client({ connectionString: replicaUrl });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Runs `work` while the replica receives the primary's WAL but replays none of it. */
  async function withReplayPaused<T>(work: () => Promise<T>): Promise<T> {
    await replica.query('SELECT pg_wal_replay_pause()');
    await waitUntil(async () => {
      const { rows } = await replica.query('SELECT pg_get_wal_replay_pause_state() AS s');
      return rows[0].s === 'paused';
    });
    try {
      return await work();
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
  }

  /** Waits until the replica has replayed everything and `t` reads from it again. */
  async function replicaInUse(t: TestApp, articleId: string): Promise<void> {
    const { rows } = await primary.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    await waitUntil(async () => {
      const caught = await replica.query<{ ok: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok',
        [rows[0].lsn],
      );
      return caught.rows[0].ok;
    });
    // The article the spec reads exists on the replica, and its checks found it well.
    await waitUntil(
      async () => (await list(t, articleId, reader.auth)).status === 200,
      MAX_LAG_SECONDS * 4_000,
    );
    // The background check (each second) has found it caught up by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  beforeAll(async () => {
    replica = await connectReplica();
    primary = new Client({ connectionString: testDatabaseDirectUrl() ?? testDatabaseUrl() });
    await primary.connect();
    [one, two, cached] = await Promise.all([
      createTestApp(env('0')),
      createTestApp(env('0')),
      createTestApp(env('60000')),
    ]);
    [staff, reader] = await Promise.all([registerStaff(one), registerAccount(one)]);
  });

  afterAll(async () => {
    await replica?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await replica?.end().catch(() => undefined);
    await primary?.end().catch(() => undefined);
    await Promise.all([one, two, cached].map((t) => t?.close()));
  });

  it("serves other readers' reads from the replica, and an author's own reads from the primary on every instance", async () => {
    const articleId = await createArticle(one, staff);
    await postComment(one, staff, articleId, 'before the pause');
    await replicaInUse(one, articleId);

    await withReplayPaused(async () => {
      const comment = await postComment(one, staff, articleId, 'on the primary only');
      const [byAuthor, byAuthorElsewhere, byReader, anonymous, oneByReader, counts] =
        await Promise.all([
          list(one, articleId, staff.auth),
          list(two, articleId, staff.auth),
          list(one, articleId, reader.auth),
          list(two, articleId),
          one.http().get(`/api/v1/comments/${comment.id}`).set(reader.auth),
          two.http().get(`/api/v1/articles?ids=${encodeURIComponent(articleId)}`),
        ]);
      // Read-your-writes: the author sees the post at once, on this instance and the other one.
      expect(bodies(byAuthor)).toEqual(['on the primary only', 'before the pause']);
      expect(bodies(byAuthorElsewhere)).toEqual(['on the primary only', 'before the pause']);
      // Everyone else reads the replica, which has not replayed it.
      expect(bodies(byReader)).toEqual(['before the pause']);
      expect(bodies(anonymous)).toEqual(['before the pause']);
      // Again, now from the fast path ahead of the framework (it has answered this URL): the same.
      expect(bodies(await list(two, articleId).expect(200))).toEqual(['before the pause']);
      expect(oneByReader.status).toBe(404);
      expect(counts.body.items).toEqual([{ id: articleId, commentCount: 1 }]);
    });
  });

  it('skips a replica that lags beyond REPLICA_MAX_LAG_SECONDS, and a quiet spell is no lag', async () => {
    const articleId = await createArticle(one, staff);
    await replicaInUse(one, articleId);
    // This spec writes nothing for longer than the bound: the replica stays in use.
    await new Promise((resolve) => setTimeout(resolve, (MAX_LAG_SECONDS + 1) * 1000));

    await withReplayPaused(async () => {
      await postComment(one, staff, articleId, 'written while replay is paused');
      expect(bodies(await list(one, articleId, reader.auth).expect(200))).toEqual([]);
      // Once its lag passes the bound, the reader's reads go to the primary.
      await waitUntil(
        async () =>
          bodies(await list(one, articleId, reader.auth).expect(200)).includes(
            'written while replay is paused',
          ),
        (MAX_LAG_SECONDS + 5) * 1000,
      );
    });
  });

  it('never caches an anonymous page from a replica that has not replayed the change', async () => {
    const articleId = await createArticle(cached, staff);
    await postComment(cached, staff, articleId, 'first');
    await replicaInUse(cached, articleId);
    expect(bodies(await list(cached, articleId).expect(200))).toEqual(['first']);

    await withReplayPaused(async () => {
      await postComment(cached, staff, articleId, 'second');
      // The post bumped the article's version: the next anonymous first page is built and cached
      // (for 60 s here), from the primary.
      expect(bodies(await list(cached, articleId).expect(200))).toEqual(['second', 'first']);
    });
    expect(bodies(await list(cached, articleId).expect(200))).toEqual(['second', 'first']);
  });

  it('keeps answering, without an error, while the replica is stopped, and uses it again once back', async () => {
    const articleId = await createArticle(one, staff);
    await postComment(one, staff, articleId, 'kept');
    await replicaInUse(one, articleId);

    const statuses: number[] = [];
    let reading = true;
    const readers = [one, two].map(async (t) => {
      while (reading) {
        const res = await list(t, articleId, reader.auth);
        statuses.push(res.status);
        if (res.status === 200) expect(bodies(res)).toEqual(['kept']);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      execFileSync('bash', [SCRIPT, 'stop'], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    } finally {
      reading = false;
      await Promise.allSettled(readers);
      // Started again whatever happened: the rest of the suite may read from it.
      execFileSync('bash', [SCRIPT], { stdio: 'ignore' });
    }
    await Promise.all(readers);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    await replica.end().catch(() => undefined);
    replica = await connectReplica();
    await replicaInUse(one, articleId);
    await withReplayPaused(async () => {
      await postComment(one, staff, articleId, 'after the restart');
      expect(bodies(await list(one, articleId, reader.auth).expect(200))).toEqual(['kept']);
    });
  });
});
