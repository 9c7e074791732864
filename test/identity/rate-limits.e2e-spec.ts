import { randomInt } from 'node:crypto';
import { uniqueEmail } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WRONG = 'wrong password!!';
const PASSWORD = 'correct horse battery';

/** A client address nobody else in this run (or a recent one, sharing Redis) uses. */
function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** A random IPv6 /64 (as its first four groups), for addresses inside it. */
function randomPrefix64(): string {
  return `2001:db8:${randomInt(65536).toString(16)}:${randomInt(65536).toString(16)}`;
}

// Per 15 minutes: 6 failures per address, 3 per address and email, and per email a fifth of
// 25 = 5 (4 of them for addresses the account does not know).
const limits = (extra: Record<string, string> = {}) => ({
  RATE_LIMIT_DISABLED: 'false',
  AUTH_LOGIN_FAILURES_PER_IP: '6',
  AUTH_LOGIN_FAILURES_PER_IP_EMAIL: '3',
  AUTH_LOGIN_FAILURES_PER_EMAIL_PER_HOUR: '25',
  AUTH_RATE_LIMIT_PER_IP: '5',
  AUTH_RATE_LIMIT_PER_EMAIL: '3',
  AUTH_RATE_LIMIT_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'loopback',
  ...extra,
});

function login(t: TestApp, email: string, ip: string, password = WRONG) {
  return t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
}

function register(t: TestApp, ip = randomIp(), email = uniqueEmail()) {
  return t
    .http()
    .post('/api/v1/auth/register')
    .set('X-Forwarded-For', ip)
    .send({ email, password: PASSWORD, displayName: 'Ada' });
}

async function account(t: TestApp): Promise<{ email: string; auth: { Authorization: string } }> {
  const email = uniqueEmail();
  const res = await register(t, randomIp(), email).expect(201);
  return { email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
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
  expect(retryAfter).toBeLessThanOrEqual(900);
}

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])('login failure limits (%s)', (_where, store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(limits(store));
  });
  afterAll(() => t.close());

  it('counts failures only: successes and registrations never do', async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i++) await register(t, ip).expect(201);
    const { email } = await account(t);
    for (let i = 0; i < 8; i++) await login(t, email, ip, PASSWORD).expect(200);
    for (let i = 0; i < 3; i++) await login(t, email.toUpperCase(), ip).expect(401);
    expectLimited(await login(t, ` ${email} `, ip, PASSWORD));
  });

  it('lets the owner in from another address while an attacker hammers the account', async () => {
    const { email } = await account(t);
    const attacker = randomIp();
    for (let i = 0; i < 3; i++) await login(t, email, attacker).expect(401);
    for (let i = 0; i < 10; i++) expectLimited(await login(t, email, attacker));
    await login(t, email, randomIp(), PASSWORD).expect(200);
    // The attacker's address is refused even with the right password: no oracle.
    expectLimited(await login(t, email, attacker, PASSWORD));
  });

  it('limits failures per client IP across emails, except on accounts that address knows', async () => {
    const ip = randomIp();
    const regular = await account(t);
    await login(t, regular.email, ip, PASSWORD).expect(200);
    for (let i = 0; i < 6; i++) await login(t, uniqueEmail(), ip).expect(401);
    expectLimited(await login(t, uniqueEmail(), ip));
    await login(t, uniqueEmail(), randomIp()).expect(401);
    await login(t, regular.email, ip, PASSWORD).expect(200);
  });

  it('caps failures per email from everywhere, keeping the last fifth for addresses the account knows', async () => {
    const { email } = await account(t);
    const home = randomIp();
    await login(t, email, home, PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login(t, email, randomIp()).expect(401);
    // A new device is refused now, right password or not; the known one still gets in.
    expectLimited(await login(t, email, randomIp(), PASSWORD));
    expectLimited(await login(t, email, randomIp()));
    await login(t, email, home, PASSWORD).expect(200);
    // The known address may still fail once (the 5th of this window), then it waits too.
    await login(t, email, home).expect(401);
    expectLimited(await login(t, email, home, PASSWORD));
  });

  it('counts concurrent failures exactly: no burst gets past the budget', async () => {
    const { email } = await account(t);
    const ip = randomIp();
    const answers = await Promise.all(Array.from({ length: 10 }, () => login(t, email, ip)));
    expect(answers.map((res) => res.status).sort()).toEqual([
      401, 401, 401, 429, 429, 429, 429, 429, 429, 429,
    ]);
  });

  it('counts IPv6 clients per /64', async () => {
    const prefix = randomPrefix64();
    const hosts = ['::1', '::2', ':abcd:1234:5678:9abc', '::a', '::b', '::c'];
    for (const host of hosts) await login(t, uniqueEmail(), `${prefix}${host}`).expect(401);
    expectLimited(await login(t, uniqueEmail(), `${prefix}::ffff`));
    await login(t, uniqueEmail(), `${randomPrefix64()}::1`).expect(401);
  });

  it('limits registrations per client IP', async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i++) await register(t, ip).expect(201);
    expectLimited(await register(t, ip));
    await register(t, randomIp()).expect(201);
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
    const { auth } = await account(t);
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/api/v1/auth/password')
        .set(auth)
        .set('X-Forwarded-For', randomIp())
        .send({ currentPassword, newPassword: 'a brand new password' });
    await change(WRONG).expect(401);
    await t.http().delete('/api/v1/me').set(auth).send({ password: WRONG }).expect(401);
    await change(WRONG).expect(401);
    expectLimited(await change(PASSWORD));
    expectLimited(await t.http().delete('/api/v1/me').set(auth).send({ password: PASSWORD }));
  });
});

describe('login failure limits shared by two instances through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([
      createTestApp(limits({ REDIS_URL })),
      createTestApp(limits({ REDIS_URL })),
    ]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('spends one per-address-and-email budget across both', async () => {
    const email = uniqueEmail();
    const ip = randomIp();
    await login(a, email, ip).expect(401);
    await login(b, email, ip).expect(401);
    await login(a, email, ip).expect(401);
    expectLimited(await login(b, email, ip));
    expectLimited(await login(a, email, ip));
  });

  it('spends one per-address budget across both', async () => {
    const ip = randomIp();
    for (const t of [a, b, a, b, a, b]) await login(t, uniqueEmail(), ip).expect(401);
    expectLimited(await login(a, uniqueEmail(), ip));
  });

  it('knows the addresses an account signed in from on either instance', async () => {
    const { email } = await account(a);
    const home = randomIp();
    await login(a, email, home, PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login(i % 2 ? a : b, email, randomIp()).expect(401);
    expectLimited(await login(a, email, randomIp(), PASSWORD));
    await login(b, email, home, PASSWORD).expect(200);
  });
});

describe('client IPs without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(limits({ TRUST_PROXY: 'false', AUTH_LOGIN_FAILURES_PER_IP: '2' }));
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
      limits({ RATE_LIMIT_DISABLED: 'true', AUTH_LOGIN_FAILURES_PER_IP_EMAIL: '1' }),
    );
  });
  afterAll(() => t.close());

  it('turns the limits off', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 4; i++) await login(t, email, '10.0.0.1').expect(401);
  });
});
