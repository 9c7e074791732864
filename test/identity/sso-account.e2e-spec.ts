import { PrismaService } from '@parley/database';
import type { TestSmtpServer } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { bearer, registerAccount } from '../support/accounts';
import { createMailTestApp } from '../support/mail';
import { SSO_ENV, signSsoToken } from '../support/sso';
import type { TestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** What an account that signs in through its publisher can and cannot do with Parley's own account routes. */
describe('accounts signed in through the publisher', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp(SSO_ENV));
  });
  afterAll(() => t.close());

  const signIn = async (sub: string, claims: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post('/api/v1/auth/sso')
        .send({ token: await signSsoToken({ sub, claims }) })
        .expect(200)
    ).body;
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  it('gets no password-reset mail (it has no password to reset), while a password account does', async () => {
    const email = `sso-${randomUUID()}@example.com`;
    await signIn(`reader-${randomUUID()}`, { email });
    const control = await registerAccount(t);
    await t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
    await t.http().post('/api/v1/auth/password-reset').send({ email: control.email }).expect(202);
    const mails = await smtp.waitFor(control.email, 2);
    expect(mails.some((mail) => mail.parsed.subject === 'Reset your password')).toBe(true);
    expect(smtp.to(email)).toHaveLength(0);
  });

  it('cannot change or set a password through the password routes', async () => {
    const session = await signIn(`reader-${randomUUID()}`, {
      email: `sso-${randomUUID()}@example.com`,
    });
    const res = await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(session.accessToken))
      .send({ currentPassword: 'anything at all', newPassword: 'a new password here' })
      .expect(401);
    expect(res.body.code).toBe('invalid_credentials');
  });

  it('erases itself with a fresh publisher token; the link and the publisher entitlement go with it', async () => {
    const sub = `reader-${randomUUID()}`;
    const session = await signIn(sub, {
      email: `sso-${randomUUID()}@example.com`,
      entitlement: { commenting: true, until: inAnHour(), plan: 'digital' },
    });
    const auth = bearer(session.accessToken);
    const erase = (body: Record<string, unknown>) =>
      t.http().delete('/api/v1/me').set(auth).send(body);

    expect((await erase({ password: 'no password works' }).expect(401)).body.code).toBe(
      'invalid_credentials',
    );
    expect((await erase({}).expect(400)).body.code).toBe('validation_failed');
    const otherReader = await signSsoToken({ sub: `reader-${randomUUID()}` });
    expect((await erase({ ssoToken: otherReader }).expect(401)).body.code).toBe(
      'invalid_credentials',
    );
    expect((await erase({ ssoToken: 'not.a.token' }).expect(401)).body.code).toBe('invalid_token');

    await erase({ ssoToken: await signSsoToken({ sub }) }).expect(204);
    const prisma = t.app.get(PrismaService);
    expect(await prisma.ssoIdentity.count({ where: { userId: session.user.id } })).toBe(0);
    expect(await prisma.publisherEntitlement.count({ where: { userId: session.user.id } })).toBe(0);
    await t.http().get('/api/v1/me').set(auth).expect(401);

    // The same reader signing in again starts a new account.
    const again = await signIn(sub);
    expect(again.user.id).not.toBe(session.user.id);
  });

  it('a password account cannot be erased with a publisher token', async () => {
    const account = await registerAccount(t);
    const res = await t
      .http()
      .delete('/api/v1/me')
      .set(account.auth)
      .send({ ssoToken: await signSsoToken() })
      .expect(401);
    expect(res.body.code).toBe('invalid_credentials');
    await t
      .http()
      .delete('/api/v1/me')
      .set(account.auth)
      .send({ password: account.password })
      .expect(204);
  });
});
