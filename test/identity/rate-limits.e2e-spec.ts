import { randomInt } from 'node:crypto';
import { registerAccount, uniqueEmail } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRONG = 'wrong password!!';

/** A client address nobody else in this run (or a recent one, sharing Redis) uses. */
function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

const limits = (extra: Record<string, string> = {}) => ({
  RATE_LIMIT_DISABLED: 'false',
  AUTH_RATE_LIMIT_PER_IP: '5',
  AUTH_RATE_LIMIT_PER_EMAIL: '3',
  AUTH_RATE_LIMIT_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'loopback',
  ...extra,
});

function login(t: TestApp, email: string, ip: string, password = WRONG) {
  return t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
}

function expectLimited(res: {
  status: number;
  body: { code: string };
  headers: Record<string, string>;
}): void {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])('auth rate limits (%s)', (_where, store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(limits(store));
  });
  afterAll(() => t.close());

  it('limits attempts per email, whatever the IP and case, and counts successes too', async () => {
    const account = await registerAccount(t, { email: uniqueEmail() });
    // The registration above was the first attempt for this email.
    await login(t, account.email, randomIp(), account.password).expect(200);
    await login(t, account.email.toUpperCase(), randomIp()).expect(401);
    expectLimited(await login(t, ` ${account.email} `, randomIp(), account.password));
    await login(t, uniqueEmail(), randomIp()).expect(401);
  });

  it('limits attempts per client IP across emails, login and register alike', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) await login(t, uniqueEmail(), ip).expect(401);
    await t
      .http()
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', ip)
      .send({ email: uniqueEmail(), password: 'correct horse battery', displayName: 'Ada' })
      .expect(201);
    await login(t, uniqueEmail(), ip).expect(401);
    expectLimited(
      await t
        .http()
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', ip)
        .send({ email: uniqueEmail(), password: 'correct horse battery', displayName: 'Ada' }),
    );
    expectLimited(await login(t, uniqueEmail(), ip));
    await login(t, uniqueEmail(), randomIp()).expect(401);
  });

  it('limits refresh per client IP', async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', ip)
        .send({ refreshToken: 'unknown' })
        .expect(401);
    }
    expectLimited(
      await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', ip)
        .send({ refreshToken: 'unknown' }),
    );
  });

  it('limits password checks per account, so a stolen access token cannot guess the password', async () => {
    const account = await registerAccount(t, { email: uniqueEmail() });
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/api/v1/auth/password')
        .set(account.auth)
        .set('X-Forwarded-For', randomIp())
        .send({ currentPassword, newPassword: 'a brand new password' });
    await change(WRONG).expect(401);
    await t.http().delete('/api/v1/me').set(account.auth).send({ password: WRONG }).expect(401);
    await change(WRONG).expect(401);
    expectLimited(await change(account.password));
    expectLimited(
      await t.http().delete('/api/v1/me').set(account.auth).send({ password: account.password }),
    );
  });
});

describe('auth rate limits shared by two instances through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([
      createTestApp(limits({ REDIS_URL })),
      createTestApp(limits({ REDIS_URL })),
    ]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('spends one per-email budget across both', async () => {
    const email = uniqueEmail();
    await login(a, email, randomIp()).expect(401);
    await login(b, email, randomIp()).expect(401);
    await login(a, email, randomIp()).expect(401);
    expectLimited(await login(b, email, randomIp()));
    expectLimited(await login(a, email, randomIp()));
  });

  it('spends one per-IP budget across both', async () => {
    const ip = randomIp();
    for (const t of [a, b, a, b, a]) await login(t, uniqueEmail(), ip).expect(401);
    expectLimited(await login(b, uniqueEmail(), ip));
  });
});

describe('client IPs without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(limits({ TRUST_PROXY: 'false', AUTH_RATE_LIMIT_PER_IP: '2' }));
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For, so a client cannot pick a fresh address per attempt', async () => {
    await login(t, uniqueEmail(), randomIp()).expect(401);
    await login(t, uniqueEmail(), randomIp()).expect(401);
    expectLimited(await login(t, uniqueEmail(), randomIp()));
  });
});

describe('RATE_LIMIT_DISABLED=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      limits({ RATE_LIMIT_DISABLED: 'true', AUTH_RATE_LIMIT_PER_EMAIL: '1' }),
    );
  });
  afterAll(() => t.close());

  it('turns the limits off', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 4; i++) await login(t, email, '10.0.0.1').expect(401);
  });
});
