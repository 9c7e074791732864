import { CuttableTcpProxy, testDatabaseUrl } from '@parley/testing';
import { registerAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { pollUntil } from '../support/poll';

jest.setTimeout(60_000);

const RECOVERY_DEADLINE_MS = 10_000;

describe('while the database is unreachable', () => {
  let proxy: CuttableTcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = CuttableTcpProxy.forDatabase(testDatabaseUrl());
    await proxy.start();
    t = await createTestApp({ DATABASE_URL: proxy.route(testDatabaseUrl()) });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.stop();
  });

  it('answers 503 instead of hanging, and recovers by itself once it is back', async () => {
    const account = await registerAccount(t);
    await t.http().get('/api/v1/health/ready').expect(200);

    await proxy.cut();
    const ready = await t.http().get('/api/v1/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    const me = await t.http().get('/api/v1/me').set(account.auth);
    expect(me.status).toBe(503);
    expect(me.body.code).toBe('service_unavailable');
    expect(JSON.stringify(me.body)).not.toMatch(/ECONNREFUSED|at .*\.js|SELECT/);

    await proxy.restore();
    const recovered = await pollUntil(
      async () => (await t.http().get('/api/v1/health/ready')).status === 200,
      RECOVERY_DEADLINE_MS,
      200,
    );
    expect(recovered).toBe(true);
    await t.http().get('/api/v1/me').set(account.auth).expect(200);
  });
});
