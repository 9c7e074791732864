import { PrismaService } from '@parley/database';
import { registerAccount, uniqueEmail } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

describe('POST /auth/register and /auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers a reader and returns tokens and the account', async () => {
    const email = uniqueEmail();
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({
        email: `  ${email.toUpperCase()} `,
        password: 'correct horse battery',
        displayName: '  Ada  ',
      })
      .expect(201);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({
      email: email.toUpperCase(),
      displayName: 'Ada',
      role: 'reader',
      status: 'active',
      emailVerified: false,
    });
    // A new address is unverified until the mailed link is used (test/mail/): that comes first.
    expect(res.body.user.entitlement).toMatchObject({
      canComment: false,
      reason: 'email_unverified',
      source: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const account = await registerAccount(t);
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({
        email: account.email.toUpperCase(),
        password: 'another password',
        displayName: 'Bob',
      })
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'email_taken' });
  });

  it('gives one 201 and one 409 when two registrations of one email race', async () => {
    const email = uniqueEmail();
    const body = { email, password: 'correct horse battery', displayName: 'Racer' };
    const results = await Promise.all(
      [1, 2].map(() => t.http().post('/api/v1/auth/register').send(body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each([
    [{ password: 'correct horse battery', displayName: 'Ada' }, 'email'],
    [{ email: 'not-an-email', password: 'correct horse battery', displayName: 'Ada' }, 'email'],
    [{ email: 'a@b.co', password: 'short', displayName: 'Ada' }, 'password'],
    [{ email: 'a@b.co', password: 'x'.repeat(257), displayName: 'Ada' }, 'password'],
    [{ email: 'a@b.co', password: 'correct horse battery', displayName: 'A' }, 'displayName'],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'x'.repeat(41) },
      'displayName',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ad\u200Ba' },
      'displayName',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ad\u202Ea' },
      'displayName',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ad\u0007a' },
      'displayName',
    ],
    [{ email: 'a@b.co', password: 'correct horse battery', displayName: 42 }, 'displayName'],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ada', role: 'admin' },
      'role',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ada', isAdmin: true },
      'isAdmin',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ada', status: 'active' },
      'status',
    ],
    [
      { email: 'a@b.co', password: 'correct horse battery', displayName: 'Ada', tokenVersion: 5 },
      'tokenVersion',
    ],
    [{ email: ['a@b.co'], password: 'correct horse battery', displayName: 'Ada' }, 'email'],
  ])('refuses %j (field %s) with 400 validation_failed', async (body, field) => {
    const res = await t.http().post('/api/v1/auth/register').send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('logs in with the same answer for an unknown email and a wrong password', async () => {
    const account = await registerAccount(t);
    const ok = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: account.password })
      .expect(200);
    expect(ok.body.user.id).toBe(account.id);
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: 'wrong password!' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail(), password: 'wrong password!' })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    expect({ ...unknown.body, requestId: undefined }).toEqual({
      ...wrong.body,
      requestId: undefined,
    });
  });

  it('counts a 256-character password as valid, and stores only an argon2id hash of OWASP cost or more', async () => {
    const password = 'p'.repeat(256);
    const account = await registerAccount(t, { password });
    await t.http().post('/api/v1/auth/login').send({ email: account.email, password }).expect(200);
    const row = await t.app
      .get(PrismaService)
      .user.findUniqueOrThrow({ where: { id: account.id } });
    const params = /^\$argon2id\$v=19\$m=(\d+),p=(\d+),t=(\d+)\$/.exec(row.passwordHash ?? '');
    expect(params).not.toBeNull();
    expect(Number(params![1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(params![3])).toBeGreaterThanOrEqual(2);
  });

  it('never makes an admin out of a prototype-polluting body', async () => {
    const email = uniqueEmail();
    const raw = `{"email":"${email}","password":"correct horse battery","displayName":"Ada","__proto__":{"role":"admin"}}`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send(raw);
    expect([201, 400]).toContain(res.status);
    if (res.status === 201) expect(res.body.user.role).toBe('reader');
    const row = await t.app
      .get(PrismaService)
      .user.findUnique({ where: { emailNormalized: email } });
    expect(row?.role ?? 'reader').toBe('reader');
  });

  it.each([
    [{ password: 'correct horse battery' }, 'email'],
    [{ email: 'a@b.co' }, 'password'],
    [{ email: 42, password: 'correct horse battery' }, 'email'],
    [{ email: 'a@b.co', password: 'correct horse battery', remember: true }, 'remember'],
  ])('refuses the login body %j with 400 (field %s)', async (body, field) => {
    const res = await t.http().post('/api/v1/auth/login').send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers broken JSON and oversize bodies on register', async () => {
    await t
      .http()
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'x'.repeat(110_000), displayName: 'Ada' })
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('logs in with a trimmed, differently cased email', async () => {
    const account = await registerAccount(t);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: `  ${account.email.toUpperCase()}  `, password: account.password })
      .expect(200);
  });

  it('serves /me to the token holder only', async () => {
    const account = await registerAccount(t);
    const me = await t.http().get('/api/v1/me').set(account.auth).expect(200);
    expect(me.body).toMatchObject({
      id: account.id,
      email: account.email,
      role: 'reader',
      status: 'active',
    });
    expect((await t.http().get('/api/v1/me').expect(401)).body.code).toBe('unauthenticated');
    await t.http().get('/api/v1/me').set({ Authorization: 'Bearer not-a-token' }).expect(401);
  });

  it('documents every identity route in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/v1/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    for (const path of ['register', 'login', 'refresh', 'logout', 'password'])
      expect(paths[`/api/v1/auth/${path}`].post).toBeDefined();
    expect(Object.keys(paths['/api/v1/me']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(paths['/api/v1/admin/users/{userId}/role'].put).toBeDefined();
  });
});
