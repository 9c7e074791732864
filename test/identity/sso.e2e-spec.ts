import fc from 'fast-check';
import { PrismaService } from '@parley/database';
import { RetentionJob } from '@parley/database';
import { randomUUID } from 'node:crypto';
import {
  bearer,
  login,
  me,
  registerAccount,
  registerStaff,
  TestAccount,
} from '../support/accounts';
import { SSO_ENV, SSO_TEST_ISSUER, signSsoToken, unsignedSsoToken } from '../support/sso';
import { createTestApp, TestApp } from '../support/test-app';
import { createArticle } from '../support/threads';

describe('POST /auth/sso (HS256)', () => {
  let t: TestApp;
  let staff: TestAccount;
  beforeAll(async () => {
    t = await createTestApp(SSO_ENV);
    staff = await registerStaff(t);
  });
  afterAll(() => t.close());

  const sso = (token: unknown) => t.http().post('/api/v1/auth/sso').send({ token });
  const refused = async (token: string, message?: RegExp) => {
    const res = await sso(token).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'invalid_token' });
    if (message) expect(res.body.message).toMatch(message);
    return res;
  };
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  it('signs a new reader in, with an account linked by (issuer, sub), verified and without password', async () => {
    const sub = `reader-${randomUUID()}`;
    const email = `sso-${randomUUID()}@example.com`;
    const res = await sso(
      await signSsoToken({ sub, claims: { email, name: 'Ada Publisher' } }),
    ).expect(200);
    expect(res.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      user: { email, displayName: 'Ada Publisher', role: 'reader', emailVerified: true },
    });
    expect(res.body.user.entitlement).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
    });
    await me(t, res.body.accessToken).expect(200);
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: res.body.refreshToken })
      .expect(200);

    const again = await sso(await signSsoToken({ sub })).expect(200);
    expect(again.body.user.id).toBe(res.body.user.id);
    // No password: a password login is refused as any wrong password is.
    await login(t, email, 'any password at all').expect(401);
    const link = await t.app.get(PrismaService).ssoIdentity.findUnique({
      where: { issuer_subject: { issuer: SSO_TEST_ISSUER, subject: sub } },
    });
    expect(link?.userId).toBe(res.body.user.id);
  });

  it('updates email and name from every token; a token without them leaves them', async () => {
    const sub = `reader-${randomUUID()}`;
    const first = await sso(
      await signSsoToken({ sub, claims: { email: `a-${sub}@example.com`, name: 'First' } }),
    ).expect(200);
    const second = await sso(
      await signSsoToken({ sub, claims: { email: `b-${sub}@example.com`, name: 'Second' } }),
    ).expect(200);
    expect(second.body.user).toMatchObject({
      id: first.body.user.id,
      email: `b-${sub}@example.com`,
      displayName: 'Second',
    });
    const third = await sso(await signSsoToken({ sub })).expect(200);
    expect(third.body.user).toMatchObject({ email: `b-${sub}@example.com`, displayName: 'Second' });
    const long = await sso(await signSsoToken({ sub, claims: { name: 'N'.repeat(60) } })).expect(
      200,
    );
    expect(long.body.user.displayName).toBe('N'.repeat(40));
  });

  it("never takes over a Parley account holding the token's address: a separate account without address", async () => {
    const owner = await registerAccount(t);
    const res = await sso(
      await signSsoToken({ claims: { email: owner.email.toUpperCase() } }),
    ).expect(200);
    expect(res.body.user.id).not.toBe(owner.id);
    expect(res.body.user.email).toBe('');
    await login(t, owner.email, owner.password).expect(200);
  });

  it('makes one account when the first sign-ins of one reader race, with and without an address', async () => {
    for (const email of [`race-${randomUUID()}@example.com`, undefined]) {
      const sub = `reader-${randomUUID()}`;
      const tokens = await Promise.all(
        Array.from({ length: 4 }, () => signSsoToken({ sub, claims: email ? { email } : {} })),
      );
      const results = await Promise.all(tokens.map((token) => sso(token)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    }
  });

  it('refuses a jti used before, also when two requests race with it, and leaves it unspent on failure', async () => {
    const token = await signSsoToken();
    await sso(token).expect(200);
    await refused(token, /used already/);

    const racing = await signSsoToken();
    const results = await Promise.all(Array.from({ length: 5 }, () => sso(racing)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);

    // A sign-in refused by a later rule (a bad claim) does not spend its jti.
    const jti = randomUUID();
    const sub = `reader-${randomUUID()}`;
    await refused(await signSsoToken({ jti, sub, claims: { entitlement: { commenting: 'yes' } } }));
    await sso(await signSsoToken({ jti, sub })).expect(200);
  });

  it('purges spent jtis once their tokens have expired (retention)', async () => {
    const prisma = t.app.get(PrismaService);
    const jti = randomUUID();
    const iat = Math.floor(Date.now() / 1000) - 200;
    await sso(await signSsoToken({ jti, iat, lifetime: 200 })).expect(200);
    const stored = await prisma.ssoTokenUse.findUnique({
      where: { issuer_jti: { issuer: SSO_TEST_ISSUER, jti } },
    });
    expect(stored?.expiresAt.getTime()).toBe((iat + 200 + 30) * 1000);
    await t.app.get(RetentionJob).runOnce(new Date(Date.now() + 60_000));
    expect(await prisma.ssoTokenUse.count({ where: { jti } })).toBe(0);
  });

  it.each([
    [
      'expired',
      () => signSsoToken({ iat: Math.floor(Date.now() / 1000) - 400, lifetime: 300 }),
      /expired/,
    ],
    ['living longer than 5 minutes', () => signSsoToken({ lifetime: 301 }), /300 seconds/],
    [
      'issued in the future',
      () => signSsoToken({ iat: Math.floor(Date.now() / 1000) + 120 }),
      undefined,
    ],
    ['of another issuer', () => signSsoToken({ issuer: 'https://evil.example' }), /iss/],
    ['for another audience', () => signSsoToken({ audience: 'someone-else' }), /aud/],
    [
      'signed with another key',
      () => signSsoToken({ secret: 'another-secret-that-is-long-enough-987654321' }),
      undefined,
    ],
    ['without sub', () => signSsoToken({ sub: null }), undefined],
    ['without jti', () => signSsoToken({ jti: null }), undefined],
    ['with a sub that is not a string', () => signSsoToken({ claims: { sub: 42 } }), undefined],
    [
      'with an email that is no address',
      () => signSsoToken({ claims: { email: 'not-an-address' } }),
      /email/,
    ],
    [
      'with a name that is no string',
      () => signSsoToken({ claims: { name: { first: 'A' } } }),
      /name/,
    ],
    [
      'with a name of combining marks only',
      () => signSsoToken({ claims: { name: '\u0301\u0301\u0301' } }),
      /name/,
    ],
    [
      'with a bad entitlement shape',
      () => signSsoToken({ claims: { entitlement: { commenting: true, until: 'soon' } } }),
      /entitlement/,
    ],
    [
      'with an entitlement that is a list',
      () => signSsoToken({ claims: { entitlement: [true] } }),
      /entitlement/,
    ],
    ['with alg none', async () => unsignedSsoToken({}), undefined],
    ['that is no JWT', async () => 'not.a.jwt', undefined],
  ])('refuses a token %s (401 invalid_token)', async (_case, make, message) => {
    await refused(await make(), message);
  });

  it('answers 400 for a missing, empty, non-string or oversized token, or other fields', async () => {
    await t.http().post('/api/v1/auth/sso').send({}).expect(400);
    await sso('').expect(400);
    await sso(42).expect(400);
    await sso('x'.repeat(8193)).expect(400);
    await sso('a\u0000b').expect((res) => expect([400, 401]).toContain(res.status));
    const res = await t
      .http()
      .post('/api/v1/auth/sso')
      .send({ token: await signSsoToken(), extra: 1 })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('grants posting through the entitlement claim, then withdraws it with a token without', async () => {
    const articleId = await createArticle(t, staff);
    const sub = `reader-${randomUUID()}`;
    const until = inAnHour();
    const granted = await sso(
      await signSsoToken({
        sub,
        claims: { entitlement: { commenting: true, until, plan: 'digital' } },
      }),
    ).expect(200);
    expect(granted.body.user.entitlement).toMatchObject({
      canComment: true,
      reason: null,
      source: 'publisher',
      plan: 'digital',
      activeUntil: new Date(until * 1000).toISOString(),
    });
    const auth = bearer(granted.body.accessToken);
    await t
      .http()
      .post(`/api/v1/articles/${articleId}/comments`)
      .set(auth)
      .send({ body: 'Hello from the publisher' })
      .expect(201);
    // The subscriber badge follows the publisher grant too.
    const list = await t.http().get(`/api/v1/articles/${articleId}/comments`).expect(200);
    expect(list.body.items[0].author.badge).toBe('subscriber');

    const withdrawn = await sso(await signSsoToken({ sub })).expect(200);
    expect(withdrawn.body.user.entitlement).toMatchObject({
      canComment: false,
      source: null,
      plan: null,
    });
    const res = await t
      .http()
      .post(`/api/v1/articles/${articleId}/comments`)
      .set(auth)
      .send({ body: 'Again' })
      .expect(403);
    expect(res.body.code).toBe('subscription_required');
    const meRes = await me(t, withdrawn.body.accessToken).expect(200);
    expect(meRes.body.entitlement).toMatchObject({
      canComment: false,
      reason: 'subscription_required',
    });

    // commenting: false withdraws as well; an `until` already past grants nothing.
    await sso(
      await signSsoToken({ sub, claims: { entitlement: { commenting: true, until: inAnHour() } } }),
    ).expect(200);
    const off = await sso(
      await signSsoToken({ sub, claims: { entitlement: { commenting: false } } }),
    ).expect(200);
    expect(off.body.user.entitlement.canComment).toBe(false);
    const past = await sso(
      await signSsoToken({
        sub,
        claims: { entitlement: { commenting: true, until: Math.floor(Date.now() / 1000) - 10 } },
      }),
    ).expect(200);
    expect(past.body.user.entitlement.canComment).toBe(false);
  });

  it('lets an older token arriving late not override what a newer one said', async () => {
    const sub = `reader-${randomUUID()}`;
    const now = Math.floor(Date.now() / 1000);
    const older = await signSsoToken({ sub, iat: now - 60 });
    await sso(
      await signSsoToken({
        sub,
        iat: now,
        claims: { entitlement: { commenting: true, until: inAnHour() } },
      }),
    ).expect(200);
    const late = await sso(older).expect(200);
    expect(late.body.user.entitlement).toMatchObject({ canComment: true, source: 'publisher' });
  });

  it('exports the publisher link and the publisher entitlement (GET /me/export)', async () => {
    const sub = `reader-${randomUUID()}`;
    const res = await sso(
      await signSsoToken({
        sub,
        claims: { entitlement: { commenting: true, until: inAnHour(), plan: 'digital' } },
      }),
    ).expect(200);
    const exported = await t
      .http()
      .get('/api/v1/me/export')
      .set(bearer(res.body.accessToken))
      .expect(200);
    expect(exported.body.publisherSignIn).toMatchObject({ issuer: SSO_TEST_ISSUER, subject: sub });
    expect(exported.body.subscription).toMatchObject({ source: 'publisher', plan: 'digital' });
  });

  it('is rate-limited per client IP', async () => {
    const limited = await createTestApp({
      ...SSO_ENV,
      RATE_LIMIT_DISABLED: 'false',
      AUTH_RATE_LIMIT_PER_IP: '2',
    });
    try {
      const send = async () =>
        limited
          .http()
          .post('/api/v1/auth/sso')
          .send({ token: await signSsoToken() });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const res = await send();
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});

describe('POST /auth/sso without configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 404 not_found', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/sso')
      .send({ token: await signSsoToken() })
      .expect(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('POST /auth/sso under generated input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(SSO_ENV);
  });
  afterAll(() => t.close());

  const claimValue = fc.oneof(
    fc.anything(),
    fc.record(
      {
        commenting: fc.anything(),
        until: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        plan: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  );

  it('never answers 5xx to a validly signed token whose claims hold anything', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            sub: fc.anything(),
            email: fc.anything(),
            name: fc.anything(),
            entitlement: claimValue,
            jti: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        async (claims) => {
          const res = await t
            .http()
            .post('/api/v1/auth/sso')
            .send({ token: await signSsoToken({ claims }) });
          expect([200, 401]).toContain(res.status);
        },
      ),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('never answers 5xx to any token text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()),
        async (token) => {
          const res = await t
            .http()
            .post('/api/v1/auth/sso')
            .send({ token: `${token}.${token}.${token}` });
          expect([400, 401]).toContain(res.status);
        },
      ),
      { numRuns: 150, seed: 20261130 },
    );
  });
});
