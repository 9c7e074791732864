import { PrismaService } from '@parley/database';
import { loginAgain, me, refresh, refreshTokenHash, registerAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

describe('POST /auth/refresh and /auth/logout', () => {
  let t: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
  });
  afterAll(() => t.close());

  it('rotates: a new pair, the old refresh token spent, only its hash stored', async () => {
    const account = await registerAccount(t);
    const res = await refresh(t, account.refreshToken).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    expect(res.body.refreshToken).not.toBe(account.refreshToken);
    await t
      .http()
      .get('/api/v1/me')
      .set({ Authorization: `Bearer ${res.body.accessToken}` })
      .expect(200);
    const rows = await prisma.refreshToken.findMany({
      where: { userId: account.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => r.tokenHash)).toEqual([
      refreshTokenHash(account.refreshToken),
      refreshTokenHash(res.body.refreshToken),
    ]);
    expect(rows[0].spentAt).not.toBeNull();
    expect(new Set(rows.map((r) => r.familyId)).size).toBe(1);
    expect(JSON.stringify(rows)).not.toContain(account.refreshToken);
  });

  /** Moves a spent token's rotation `seconds` into the past (the grace window is 10 s). */
  const spentAgo = (token: string, seconds: number) =>
    prisma.refreshToken.update({
      where: { tokenHash: refreshTokenHash(token) },
      data: { spentAt: new Date(Date.now() - seconds * 1000) },
    });

  it('revokes the whole login, access tokens included, when a spent token is presented after the grace window', async () => {
    const account = await registerAccount(t);
    const second = (await refresh(t, account.refreshToken).expect(200)).body;
    const third = (await refresh(t, second.refreshToken).expect(200)).body;
    await spentAgo(account.refreshToken, 11);
    expect((await refresh(t, account.refreshToken).expect(401)).body.code).toBe('unauthenticated');
    // The thief and the victim alike must sign in again.
    await refresh(t, third.refreshToken).expect(401);
    expect((await me(t, third.accessToken).expect(401)).body.code).toBe('unauthenticated');
  });

  it('answers the same pair to a just-rotated token presented again within the grace window', async () => {
    const account = await registerAccount(t);
    const first = (await refresh(t, account.refreshToken).expect(200)).body;
    await spentAgo(account.refreshToken, 8);
    const again = (await refresh(t, account.refreshToken).expect(200)).body;
    expect(again).toEqual(first);
    expect(await prisma.refreshToken.count({ where: { userId: account.id } })).toBe(2);
    // The login goes on.
    await me(t, first.accessToken).expect(200);
    await refresh(t, first.refreshToken).expect(200);
  });

  it('keeps the login when several refreshes with one token arrive at the same instant: all get the same pair', async () => {
    const account = await registerAccount(t);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => refresh(t, account.refreshToken)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const result of results) expect(result.body).toEqual(results[0].body);
    await me(t, results[0].body.accessToken).expect(200);
    await refresh(t, results[0].body.refreshToken).expect(200);
  });

  it('treats a token whose successor was already spent as reused, even within the window', async () => {
    const account = await registerAccount(t);
    const second = (await refresh(t, account.refreshToken).expect(200)).body.refreshToken;
    const third = (await refresh(t, second).expect(200)).body.refreshToken;
    await refresh(t, account.refreshToken).expect(401);
    await refresh(t, third).expect(401);
  });

  it('leaves the other logins of the account alone on reuse', async () => {
    const account = await registerAccount(t);
    const other = await loginAgain(t, account);
    await refresh(t, account.refreshToken).expect(200);
    await spentAgo(account.refreshToken, 11);
    await refresh(t, account.refreshToken).expect(401);
    await me(t, other.accessToken).expect(200);
    await refresh(t, other.refreshToken).expect(200);
  });

  it('honours REFRESH_REUSE_GRACE_SECONDS=0: any second presentation is a reuse', async () => {
    const strict = await createTestApp({ REFRESH_REUSE_GRACE_SECONDS: '0' });
    try {
      const account = await registerAccount(strict);
      const send = (refreshToken: string) =>
        strict.http().post('/api/v1/auth/refresh').send({ refreshToken });
      const next = (await send(account.refreshToken).expect(200)).body.refreshToken;
      await spentAgo(account.refreshToken, 1);
      await send(account.refreshToken).expect(401);
      await send(next).expect(401);
    } finally {
      await strict.close();
    }
  });

  it('ends a login SESSION_MAX_DAYS after sign-in, however often it was refreshed', async () => {
    const account = await registerAccount(t);
    const next = (await refresh(t, account.refreshToken).expect(200)).body.refreshToken;
    const row = await prisma.refreshToken.findUniqueOrThrow({
      where: { tokenHash: refreshTokenHash(next) },
      select: { familyId: true },
    });
    await prisma.loginSession.update({
      where: { id: row.familyId },
      data: { createdAt: new Date(Date.now() - 90 * 86_400_000 - 1000) },
    });
    expect((await refresh(t, next).expect(401)).body.code).toBe('unauthenticated');
  });

  it('never issues a refresh token that outlives its login', async () => {
    const short = await createTestApp({ SESSION_MAX_DAYS: '10' });
    try {
      const account = await registerAccount(short);
      const row = await prisma.refreshToken.findUniqueOrThrow({
        where: { tokenHash: refreshTokenHash(account.refreshToken) },
        include: { session: true },
      });
      const days = (row.expiresAt.getTime() - row.session.createdAt.getTime()) / 86_400_000;
      expect(days).toBeCloseTo(10, 3);
    } finally {
      await short.close();
    }
  });

  it('refuses an unknown or expired token with 401 unauthenticated', async () => {
    await refresh(t, 'not-a-token-we-issued').expect(401);
    const account = await registerAccount(t);
    await prisma.refreshToken.update({
      where: { tokenHash: refreshTokenHash(account.refreshToken) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await refresh(t, account.refreshToken).expect(401)).body.code).toBe('unauthenticated');
  });

  it('issues tokens that live REFRESH_TOKEN_TTL_DAYS', async () => {
    const account = await registerAccount(t);
    const row = await prisma.refreshToken.findUniqueOrThrow({
      where: { tokenHash: refreshTokenHash(account.refreshToken) },
    });
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 1);
  });

  it.each(
    [
      [{}, 'refreshToken'],
      [{ refreshToken: '' }, 'refreshToken'],
      [{ refreshToken: 42 }, 'refreshToken'],
      [{ refreshToken: 'x'.repeat(513) }, 'refreshToken'],
      [{ refreshToken: 'abc', userId: 'someone' }, 'userId'],
    ].map(([body, field]) => [field as string, body as object] as const),
  )('refuses a bad %s with 400 (case %#)', async (field, body) => {
    const res = await t.http().post('/api/v1/auth/refresh').send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers broken JSON with 400 invalid_json and an oversize body with 413', async () => {
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Content-Type', 'application/json')
      .send('{"refreshToken":')
      .expect(400);
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: 'x'.repeat(110_000) })
      .expect(413);
  });

  describe('logout', () => {
    const logout = (auth: Record<string, string> | undefined, body: object) => {
      const req = t.http().post('/api/v1/auth/logout');
      return (auth ? req.set(auth) : req).send(body);
    };

    it('revokes the login of the given refresh token, not the other logins', async () => {
      const account = await registerAccount(t);
      const other = await loginAgain(t, account);
      const rotated = (await refresh(t, account.refreshToken).expect(200)).body.refreshToken;
      await logout(account.auth, { refreshToken: rotated }).expect(204);
      await refresh(t, rotated).expect(401);
      // Its access tokens stop too (sid), the other login's go on.
      expect((await me(t, account.accessToken).expect(401)).body.code).toBe('unauthenticated');
      await me(t, other.accessToken).expect(200);
      await refresh(t, other.refreshToken).expect(200);
    });

    it("answers 204 and changes nothing for someone else's or an unknown token", async () => {
      const victim = await registerAccount(t);
      const caller = await registerAccount(t);
      await logout(caller.auth, { refreshToken: victim.refreshToken }).expect(204);
      await logout(caller.auth, { refreshToken: 'unknown-token' }).expect(204);
      await me(t, victim.accessToken).expect(200);
      await refresh(t, victim.refreshToken).expect(200);
    });

    it('is repeatable (from another login: the access token of the ended one stops too)', async () => {
      const account = await registerAccount(t);
      const other = await loginAgain(t, account);
      const otherAuth = { Authorization: `Bearer ${other.accessToken}` };
      await logout(account.auth, { refreshToken: account.refreshToken }).expect(204);
      await logout(otherAuth, { refreshToken: account.refreshToken }).expect(204);
      await logout(account.auth, { refreshToken: account.refreshToken }).expect(401);
    });

    it('needs an access token and a valid body', async () => {
      const account = await registerAccount(t);
      expect(
        (await logout(undefined, { refreshToken: account.refreshToken }).expect(401)).body.code,
      ).toBe('unauthenticated');
      await logout(account.auth, {}).expect(400);
      await logout(account.auth, { refreshToken: account.refreshToken, all: true }).expect(400);
      await refresh(t, account.refreshToken).expect(200);
    });
  });
});
