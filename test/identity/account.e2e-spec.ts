import { PrismaService } from '@parley/database';
import { AccountStatusService } from '@parley/identity';
import {
  bearer,
  login,
  loginAgain,
  refresh,
  registerAccount,
  TestAccount,
} from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

describe('PATCH /me, POST /auth/password, DELETE /me', () => {
  let t: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    t = await createTestApp();
    prisma = t.app.get(PrismaService);
  });
  afterAll(() => t.close());

  describe('PATCH /me', () => {
    it('changes the display name (trimmed, NFC) and returns the account view', async () => {
      const account = await registerAccount(t);
      const res = await t
        .http()
        .patch('/api/v1/me')
        .set(account.auth)
        .send({ displayName: '  Jose\u0301 ' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: account.id,
        email: account.email,
        displayName: 'Jos\u00e9',
        role: 'reader',
        status: 'active',
      });
      expect(res.body.entitlement).toMatchObject({
        canComment: false,
        reason: 'subscription_required',
      });
      expect(
        (await t.http().get('/api/v1/me').set(account.auth).expect(200)).body.displayName,
      ).toBe('Jos\u00e9');
    });

    it.each([
      [{}],
      [{ displayName: 'A' }],
      [{ displayName: '   ' }],
      [{ displayName: 'x'.repeat(41) }],
      [{ displayName: 'Ad\u200Da' }],
      [{ displayName: 'Ad\u2066a' }],
      [{ displayName: 'Ad\na' }],
      [{ displayName: 7 }],
      [{ displayName: 'Ada', role: 'admin' }],
      [{ displayName: 'Ada', email: 'new@example.com' }],
    ])('refuses body #%# with 400 validation_failed', async (body) => {
      const account = await registerAccount(t);
      expect(
        (await t.http().patch('/api/v1/me').set(account.auth).send(body).expect(400)).body.code,
      ).toBe('validation_failed');
      expect(await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
        role: 'reader',
        displayName: 'Test Reader',
      });
    });

    it('needs an access token; refuses broken JSON and an oversize body', async () => {
      const account = await registerAccount(t);
      expect(
        (await t.http().patch('/api/v1/me').send({ displayName: 'Ada' }).expect(401)).body.code,
      ).toBe('unauthenticated');
      await t
        .http()
        .patch('/api/v1/me')
        .set(account.auth)
        .set('Content-Type', 'application/json')
        .send('{"displayName"')
        .expect(400);
      await t
        .http()
        .patch('/api/v1/me')
        .set(account.auth)
        .send({ displayName: 'x'.repeat(110_000) })
        .expect(413);
    });
  });

  describe('POST /auth/password', () => {
    const change = (account: TestAccount, body: object) =>
      t.http().post('/api/v1/auth/password').set(account.auth).send(body);

    it('changes the password; every access token issued before and every other login stop working', async () => {
      const account = await registerAccount(t);
      const otherLogin = await loginAgain(t, account);
      await change(account, {
        currentPassword: account.password,
        newPassword: 'a brand new password',
      }).expect(204);
      expect((await t.http().get('/api/v1/me').set(account.auth).expect(401)).body.code).toBe(
        'unauthenticated',
      );
      await t.http().get('/api/v1/me').set(bearer(otherLogin.accessToken)).expect(401);
      await refresh(t, account.refreshToken).expect(401);
      await refresh(t, otherLogin.refreshToken).expect(401);
      expect((await login(t, account.email, account.password).expect(401)).body.code).toBe(
        'invalid_credentials',
      );
      const fresh = await login(t, account.email, 'a brand new password').expect(200);
      await t.http().get('/api/v1/me').set(bearer(fresh.body.accessToken)).expect(200);
    });

    it("keeps the caller's own login alive when its refresh token is sent", async () => {
      const account = await registerAccount(t);
      const otherLogin = await loginAgain(t, account);
      await change(account, {
        currentPassword: account.password,
        newPassword: 'a brand new password',
        refreshToken: account.refreshToken,
      }).expect(204);
      await t.http().get('/api/v1/me').set(account.auth).expect(401);
      const renewed = await refresh(t, account.refreshToken).expect(200);
      await t.http().get('/api/v1/me').set(bearer(renewed.body.accessToken)).expect(200);
      await refresh(t, otherLogin.refreshToken).expect(401);
    });

    it("does not keep another account's login alive through the refreshToken field", async () => {
      const account = await registerAccount(t);
      const stranger = await registerAccount(t);
      await change(account, {
        currentPassword: account.password,
        newPassword: 'a brand new password',
        refreshToken: stranger.refreshToken,
      }).expect(204);
      await refresh(t, account.refreshToken).expect(401);
      await refresh(t, stranger.refreshToken).expect(200);
    });

    it('answers a wrong current password with 401 invalid_credentials and changes nothing', async () => {
      const account = await registerAccount(t);
      const res = await change(account, {
        currentPassword: 'not my password',
        newPassword: 'a brand new password',
      }).expect(401);
      expect(res.body.code).toBe('invalid_credentials');
      await t.http().get('/api/v1/me').set(account.auth).expect(200);
      await login(t, account.email, account.password).expect(200);
    });

    it.each(
      [
        [{ currentPassword: 'correct horse battery' }, 'newPassword'],
        [{ newPassword: 'a brand new password' }, 'currentPassword'],
        [{ currentPassword: 'correct horse battery', newPassword: 'short' }, 'newPassword'],
        [{ currentPassword: 'correct horse battery', newPassword: 'x'.repeat(257) }, 'newPassword'],
        [{ currentPassword: 'correct horse battery', newPassword: 1234567890 }, 'newPassword'],
        [
          {
            currentPassword: 'correct horse battery',
            newPassword: 'a brand new password',
            refreshToken: '',
          },
          'refreshToken',
        ],
        [
          {
            currentPassword: 'correct horse battery',
            newPassword: 'a brand new password',
            tokenVersion: 0,
          },
          'tokenVersion',
        ],
      ].map(([body, field]) => [field as string, body as object] as const),
    )('refuses a bad %s with 400 (case %#)', async (field, body) => {
      const account = await registerAccount(t);
      const res = await change(account, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      await t.http().get('/api/v1/me').set(account.auth).expect(200);
    });

    it('needs an access token', async () => {
      await t
        .http()
        .post('/api/v1/auth/password')
        .send({ currentPassword: 'correct horse battery', newPassword: 'a brand new password' })
        .expect(401);
    });
  });

  describe('DELETE /me', () => {
    it('erases the account: identity wiped, tokens dead, email free again, the row kept', async () => {
      const account = await registerAccount(t);
      await t
        .http()
        .delete('/api/v1/me')
        .set(account.auth)
        .send({ password: account.password })
        .expect(204);
      const row = await prisma.user.findUniqueOrThrow({ where: { id: account.id } });
      expect(row).toMatchObject({
        email: null,
        emailNormalized: null,
        displayName: null,
        passwordHash: null,
        tokenVersion: 1,
      });
      expect(row.erasedAt).toBeInstanceOf(Date);
      expect(
        await prisma.refreshToken.count({ where: { userId: account.id, revokedAt: null } }),
      ).toBe(0);
      await t.http().get('/api/v1/me').set(account.auth).expect(401);
      await refresh(t, account.refreshToken).expect(401);
      expect((await login(t, account.email, account.password).expect(401)).body.code).toBe(
        'invalid_credentials',
      );
      const again = await registerAccount(t, { email: account.email });
      expect(again.id).not.toBe(account.id);
    });

    it('answers a wrong password with 401 invalid_credentials and erases nothing', async () => {
      const account = await registerAccount(t);
      expect(
        (
          await t
            .http()
            .delete('/api/v1/me')
            .set(account.auth)
            .send({ password: 'not my password' })
            .expect(401)
        ).body.code,
      ).toBe('invalid_credentials');
      await t.http().get('/api/v1/me').set(account.auth).expect(200);
    });

    it('refuses missing, extra or invalid fields, and needs an access token', async () => {
      const account = await registerAccount(t);
      await t.http().delete('/api/v1/me').set(account.auth).send({}).expect(400);
      await t.http().delete('/api/v1/me').set(account.auth).expect(400);
      await t.http().delete('/api/v1/me').set(account.auth).send({ password: 42 }).expect(400);
      await t
        .http()
        .delete('/api/v1/me')
        .set(account.auth)
        .send({ password: account.password, force: true })
        .expect(400);
      await t.http().delete('/api/v1/me').send({ password: account.password }).expect(401);
      await t.http().get('/api/v1/me').set(account.auth).expect(200);
    });

    it('stays erased when asked twice at once', async () => {
      const account = await registerAccount(t);
      const results = await Promise.all(
        [1, 2].map(() =>
          t.http().delete('/api/v1/me').set(account.auth).send({ password: account.password }),
        ),
      );
      expect(results.map((r) => r.status)).toContain(204);
      results.forEach((r) => expect([204, 401]).toContain(r.status));
      expect(
        (await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).erasedAt,
      ).not.toBeNull();
    });
  });

  describe('sanctioned accounts', () => {
    it('see a ban at once on the next request, and may still edit, change password, log out and erase', async () => {
      const account = await registerAccount(t);
      await t.app.get(AccountStatusService).ban(account.id);
      const me = await t.http().get('/api/v1/me').set(account.auth).expect(200);
      expect(me.body).toMatchObject({
        status: 'banned',
        entitlement: { canComment: false, reason: 'user_banned' },
      });
      await t
        .http()
        .patch('/api/v1/me')
        .set(account.auth)
        .send({ displayName: 'Still Me' })
        .expect(200);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(account.auth)
        .send({ refreshToken: account.refreshToken })
        .expect(204);
      // Logout ended that login's access tokens too: carry on with a new login.
      await t.http().get('/api/v1/me').set(account.auth).expect(401);
      const fresh = await login(t, account.email, account.password).expect(200);
      await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(fresh.body.accessToken))
        .send({ currentPassword: account.password, newPassword: 'a brand new password' })
        .expect(204);
      const again = await login(t, account.email, 'a brand new password').expect(200);
      expect(again.body.user.status).toBe('banned');
      await t
        .http()
        .delete('/api/v1/me')
        .set(bearer(again.body.accessToken))
        .send({ password: 'a brand new password' })
        .expect(204);
    });

    it('see a suspension with its end, and an unban lifts it', async () => {
      const account = await registerAccount(t);
      const until = new Date(Date.now() + 3_600_000);
      await t.app.get(AccountStatusService).suspend(account.id, until);
      const me = await t.http().get('/api/v1/me').set(account.auth).expect(200);
      expect(me.body).toMatchObject({
        status: 'suspended',
        suspendedUntil: until.toISOString(),
        entitlement: { reason: 'user_suspended' },
      });
      await t.app.get(AccountStatusService).unban(account.id);
      expect((await t.http().get('/api/v1/me').set(account.auth).expect(200)).body).toMatchObject({
        status: 'active',
        suspendedUntil: null,
      });
    });
  });
});
