import { StripeEventRetention } from '@parley/billing';
import { PrismaService, RetentionJob, SqlClient } from '@parley/database';
import { SessionRetention } from '@parley/identity';
import { testDatabaseDirectUrl, testDatabasePoolSize, testDatabaseUrl } from '@parley/testing';
import { CommentRevisionRetention, IdempotencyKeyRetention } from '@parley/threads';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { me, refresh, refreshTokenHash, registerAccount, registerStaff } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle } from '../support/threads';

jest.setTimeout(60_000);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ago = (ms: number) => new Date(Date.now() - ms);

// Only a server with several sessions can show the lock excluding a second run.
const itOnServer = testDatabasePoolSize() > 1 ? it : it.skip;

describe('retention', () => {
  let t: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
  });
  afterAll(() => t.close());

  describe('refresh tokens and logins', () => {
    it('purges tokens past their expiry and the logins left without any, keeping the rest', async () => {
      const expired = await registerAccount(t);
      const spentToken = expired.refreshToken;
      const next = (await refresh(t, spentToken).expect(200)).body;
      await prisma.refreshToken.updateMany({
        where: { userId: expired.id },
        data: { expiresAt: ago(60_000) },
      });
      const live = await registerAccount(t);
      // A spent token that has not expired stays: presenting it again must still be a reuse.
      const rotated = await registerAccount(t);
      await refresh(t, rotated.refreshToken).expect(200);

      const purged = await t.app.get(SessionRetention).purgeExpired(new Date());

      expect(purged).toBeGreaterThanOrEqual(2);
      expect(await prisma.refreshToken.count({ where: { userId: expired.id } })).toBe(0);
      expect(await prisma.loginSession.count({ where: { userId: expired.id } })).toBe(0);
      await me(t, next.accessToken).expect(401);
      await refresh(t, next.refreshToken).expect(401);
      expect(await prisma.refreshToken.count({ where: { userId: live.id } })).toBe(1);
      await me(t, live.accessToken).expect(200);
      expect(
        await prisma.refreshToken.findUnique({
          where: { tokenHash: refreshTokenHash(rotated.refreshToken) },
        }),
      ).toMatchObject({ spentAt: expect.any(Date) });
      expect(await prisma.loginSession.count({ where: { userId: rotated.id } })).toBe(1);
    });

    it('keeps expired tokens RETENTION_REFRESH_TOKENS_DAYS after their expiry', async () => {
      const keeping = await createTestApp({ RETENTION_REFRESH_TOKENS_DAYS: '7' });
      try {
        const recent = await registerAccount(keeping);
        const old = await registerAccount(keeping);
        await prisma.refreshToken.updateMany({
          where: { userId: recent.id },
          data: { expiresAt: ago(6 * DAY_MS) },
        });
        await prisma.refreshToken.updateMany({
          where: { userId: old.id },
          data: { expiresAt: ago(8 * DAY_MS) },
        });
        await prisma.loginSession.updateMany({
          where: { userId: { in: [recent.id, old.id] } },
          data: { createdAt: ago(40 * DAY_MS) },
        });
        await keeping.app.get(SessionRetention).purgeExpired(new Date());
        expect(await prisma.refreshToken.count({ where: { userId: recent.id } })).toBe(1);
        expect(await prisma.refreshToken.count({ where: { userId: old.id } })).toBe(0);
        expect(await prisma.loginSession.count({ where: { userId: old.id } })).toBe(0);
      } finally {
        await keeping.close();
      }
    });
  });

  describe('comment idempotency keys', () => {
    it('purges keys older than 24 h; a younger key still answers its retry', async () => {
      const author = await registerStaff(t);
      const articleId = await createArticle(t, author);
      const post = (key: string, body: string) =>
        t
          .http()
          .post(`/api/v1/articles/${encodeURIComponent(articleId)}/comments`)
          .set(author.auth)
          .set('Idempotency-Key', key)
          .send({ body });
      const oldKey = `old-${randomUUID()}`;
      const newKey = `new-${randomUUID()}`;
      await post(oldKey, 'The first comment').expect(201);
      const kept = (await post(newKey, 'The second comment').expect(201)).body;
      await prisma.commentIdempotencyKey.update({
        where: { userId_key: { userId: author.id, key: oldKey } },
        data: { createdAt: ago(25 * HOUR_MS) },
      });

      expect(
        await t.app.get(IdempotencyKeyRetention).purgeExpired(new Date()),
      ).toBeGreaterThanOrEqual(1);

      const keys = await prisma.commentIdempotencyKey.findMany({ where: { userId: author.id } });
      expect(keys.map((row) => row.key)).toEqual([newKey]);
      expect((await post(newKey, 'The second comment').expect(201)).body.id).toBe(kept.id);
    });
  });

  describe('comment revisions', () => {
    it('keeps the newest COMMENT_REVISIONS_MAX earlier texts of each comment', async () => {
      const author = await registerStaff(t);
      const articleId = await createArticle(t, author);
      const comment = (
        await t
          .http()
          .post(`/api/v1/articles/${encodeURIComponent(articleId)}/comments`)
          .set(author.auth)
          .send({ body: 'A comment with a long history' })
          .expect(201)
      ).body;
      // Written as an older version (or a higher cap) would have left them: 25 earlier texts.
      await prisma.commentRevision.createMany({
        data: Array.from({ length: 25 }, (_, i) => ({
          commentId: comment.id,
          body: `text ${i}`,
          createdAt: ago((25 - i) * 60_000),
        })),
      });
      const max = 20;

      expect(
        await t.app.get(CommentRevisionRetention).purgeExpired(new Date()),
      ).toBeGreaterThanOrEqual(5);

      const kept = await prisma.commentRevision.findMany({
        where: { commentId: comment.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(kept.map((row) => row.body)).toEqual(
        Array.from({ length: max }, (_, i) => `text ${i + 5}`),
      );
    });
  });

  describe('Stripe events', () => {
    it('purges events processed more than 30 days ago, never unprocessed ones', async () => {
      const ids = {
        old: `evt_old_${randomUUID()}`,
        recent: `evt_recent_${randomUUID()}`,
        failed: `evt_failed_${randomUUID()}`,
      };
      const row = (id: string, processedAt: Date | null) => ({
        id,
        type: 'customer.subscription.updated',
        created: ago(40 * DAY_MS),
        livemode: false,
        receivedAt: ago(40 * DAY_MS),
        processedAt,
        error: processedAt ? null : 'Error: still failing',
      });
      await prisma.stripeEvent.createMany({
        data: [
          row(ids.old, ago(31 * DAY_MS)),
          row(ids.recent, ago(29 * DAY_MS)),
          row(ids.failed, null),
        ],
      });

      expect(await t.app.get(StripeEventRetention).purgeExpired(new Date())).toBeGreaterThanOrEqual(
        1,
      );

      const left = await prisma.stripeEvent.findMany({
        where: { id: { in: Object.values(ids) } },
        select: { id: true },
      });
      expect(left.map((event) => event.id).sort()).toEqual([ids.failed, ids.recent].sort());
    });
  });

  describe('the job', () => {
    it('runs every step and reports what each purged', async () => {
      const report = await t.app.get(RetentionJob).runOnce();
      expect(Object.keys(report ?? {})).toEqual([
        'refresh_tokens',
        'sso_token_uses',
        'comment_idempotency_keys',
        'comment_revisions',
        'reply_notices',
        'comment_body_claims',
        'stripe_events',
        'outbox_messages',
        'live_events',
      ]);
    });

    it('never overlaps a run in the same process', async () => {
      const job = t.app.get(RetentionJob);
      const [first, second] = await Promise.all([job.runOnce(), job.runOnce()]);
      expect(first).not.toBeNull();
      expect(second).toBeNull();
    });

    itOnServer('skips a round while another instance holds the lock', async () => {
      // Another instance's session: on the server itself, as its locks are (not via a pooler).
      const other = new Client({ connectionString: testDatabaseDirectUrl() ?? testDatabaseUrl() });
      await other.connect();
      try {
        let inside = false;
        await t.app.get(SqlClient).withSessionAdvisoryLock(727_140_002, async () => {
          inside = true;
          // Another session (another instance) tries meanwhile.
          const { rows } = await other.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_lock(727140002) AS locked',
          );
          expect(rows[0].locked).toBe(false);
          const elsewhere = await createTestApp();
          try {
            expect(await elsewhere.app.get(RetentionJob).runOnce()).toBeNull();
          } finally {
            await elsewhere.close();
          }
        });
        expect(inside).toBe(true);
      } finally {
        await other.end();
      }
    });

    it('runs by itself every RETENTION_INTERVAL_SECONDS', async () => {
      const scheduled = await createTestApp({ RETENTION_INTERVAL_SECONDS: '1' });
      try {
        const account = await registerAccount(scheduled);
        await prisma.refreshToken.updateMany({
          where: { userId: account.id },
          data: { expiresAt: ago(60_000) },
        });
        const deadline = Date.now() + 20_000;
        while (
          (await prisma.refreshToken.count({ where: { userId: account.id } })) > 0 &&
          Date.now() < deadline
        )
          await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await prisma.refreshToken.count({ where: { userId: account.id } })).toBe(0);
      } finally {
        await scheduled.close();
      }
    });
  });
});
