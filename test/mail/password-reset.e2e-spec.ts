import { linkToken, TestSmtpServer } from '@parley/testing';
import { loginAgain, registerAccount, TestAccount } from '../support/accounts';
import { createMailTestApp } from '../support/mail';
import type { TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('password reset', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp());
  });
  afterAll(() => t.close());

  const request = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email });
  const confirm = (token: string, newPassword = 'a brand new password') =>
    t.http().post('/api/v1/auth/password-reset/confirm').send({ token, newPassword });
  const resetMail = async (account: TestAccount) => {
    await request(account.email).expect(202);
    // The verification mail of registration is not a reset mail: wait for the reset one.
    for (;;) {
      const mails = await smtp.waitFor(account.email, smtp.to(account.email).length + 1);
      const found = mails.find((mail) => mail.parsed.subject === 'Reset your password');
      if (found) return found;
    }
  };

  it('mails a one-hour link; the new password works and every login and access token ends', async () => {
    const account = await registerAccount(t);
    const other = await loginAgain(t, account);
    const mail = await resetMail(account);
    expect(mail.parsed.html).toContain('https://news.example/reset-password?token=');
    expect(mail.raw).not.toContain(account.password);
    const token = linkToken(mail, '/reset-password');

    await confirm(token).expect(204);
    await t.http().get('/api/v1/me').set(account.auth).expect(401);
    await t
      .http()
      .get('/api/v1/me')
      .set({ Authorization: `Bearer ${other.accessToken}` })
      .expect(401);
    for (const refreshToken of [account.refreshToken, other.refreshToken]) {
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
    }
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: account.password })
      .expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: 'a brand new password' })
      .expect(200);

    const again = await confirm(token, 'yet another password').expect(400);
    expect(again.body.code).toBe('invalid_token');
  });

  it('answers an unknown address exactly as a known one, and mails nobody', async () => {
    const account = await registerAccount(t);
    const unknown = `nobody-${Date.now()}@example.com`;
    const [known, missing] = await Promise.all([request(account.email), request(unknown)]);
    expect(missing.status).toBe(known.status);
    expect(missing.status).toBe(202);
    expect(missing.body).toEqual(known.body);
    expect(Object.keys(missing.headers).sort()).toEqual(Object.keys(known.headers).sort());
    await smtp.waitFor(account.email, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('takes about as long for unknown addresses as for known ones', async () => {
    const account = await registerAccount(t);
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await request(email).expect(202);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      knownTimes.push(await time(account.email));
      unknownTimes.push(await time(`nobody-${i}-${Date.now()}@example.com`));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
    // Generous bound: the lookup and the queuing happen after the answer, for both.
    expect(median(knownTimes)).toBeLessThan(median(unknownTimes) * 3 + 20);
  });

  it('refuses a wrong token, a short password and bad bodies', async () => {
    const account = await registerAccount(t);
    const mail = await resetMail(account);
    const token = linkToken(mail, '/reset-password');
    const short = await confirm(token, 'short').expect(400);
    expect(short.body.code).toBe('validation_failed');
    // The refused attempt did not spend the token.
    await confirm(token).expect(204);
    expect((await confirm('x'.repeat(43)).expect(400)).body.code).toBe('invalid_token');
    for (const body of [{}, { token }, { token, newPassword: 'a long password', extra: 1 }]) {
      const res = await t.http().post('/api/v1/auth/password-reset/confirm').send(body);
      expect(res.status).toBe(400);
    }
    expect((await t.http().post('/api/v1/auth/password-reset').send({})).body.code).toBe(
      'validation_failed',
    );
  });

  it('does not accept a verification token as a reset token', async () => {
    const account = await registerAccount(t, {}, { verified: false });
    const [mail] = await smtp.waitFor(account.email);
    const verifyToken = linkToken(mail, '/verify-email');
    expect((await confirm(verifyToken).expect(400)).body.code).toBe('invalid_token');
    await t.http().post('/api/v1/auth/verify-email').send({ token: verifyToken }).expect(204);
  });
});
