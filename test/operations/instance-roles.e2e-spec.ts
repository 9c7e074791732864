import { AppConfig } from '@parley/config';
import { Prisma, SqlClient } from '@parley/database';
import { createScratchDatabase, ScratchDatabase } from '@parley/testing';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

// PARLEY_ROLE splits one image into an api Deployment and a worker Deployment (deploy/kubernetes).
describe('instance roles (PARLEY_ROLE) and MIGRATE_ON_START', () => {
  let t: TestApp | undefined;
  let scratch: ScratchDatabase | undefined;

  afterEach(async () => {
    await t?.close();
    await scratch?.drop();
    t = undefined;
    scratch = undefined;
  });

  it('worker: answers its health probes and nothing else, and runs the background work', async () => {
    t = await createTestApp({ PARLEY_ROLE: 'worker', RETENTION_INTERVAL_SECONDS: '3600' });
    await t.http().get('/api/v1/health/live').expect(200);
    await t.http().get('/api/v1/health/ready').expect(200);
    const refused = await t.http().get('/api/v1/articles/a-story/comments').expect(404);
    expect(refused.body).toMatchObject({ statusCode: 404, code: 'not_found' });
    await t.http().post('/api/v1/auth/login').send({}).expect(404);
    const values = t.app.get(AppConfig).values;
    expect([values.OUTBOX_WORKER, values.RETENTION_INTERVAL_SECONDS]).toEqual([true, 3600]);
  });

  it('api: serves readers and leaves mail and retention to the workers', async () => {
    t = await createTestApp({
      PARLEY_ROLE: 'api',
      OUTBOX_WORKER: 'true',
      RETENTION_INTERVAL_SECONDS: '3600',
    });
    const served = await t.http().get('/api/v1/articles/a-story/comments').expect(404);
    expect(served.body.code).toBe('article_not_found');
    const values = t.app.get(AppConfig).values;
    expect([values.OUTBOX_WORKER, values.RETENTION_INTERVAL_SECONDS]).toEqual([false, 0]);
  });

  it('MIGRATE_ON_START=false starts on an unmigrated database without touching its schema', async () => {
    scratch = await createScratchDatabase();
    t = await createTestApp({
      DATABASE_URL: scratch.url,
      DATABASE_DIRECT_URL: undefined,
      MIGRATE_ON_START: 'false',
    });
    const tables = await t.app
      .get(SqlClient)
      .query<{ n: string }>(
        Prisma.sql`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
    expect(tables[0].n).toBe('0');
  });
});
