import { linkToken, TestSmtpServer } from '@parley/testing';
import { registerAccount, uniqueEmail } from '../support/accounts';
import { createMailTestApp } from '../support/mail';
import type { TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('POST /me/email', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp());
  });
  afterAll(() => t.close());

  const change = (auth: Record<string, string>, body: object) =>
    t.http().post('/api/v1/me/email').set(auth).send(body);

  it('mails the new address; the change happens when its link is used', async () => {
    const account = await registerAccount(t);
    const newEmail = uniqueEmail('moved');
    await change(account.auth, { newEmail, password: account.password }).expect(202);
    const [mail] = await smtp.waitFor(newEmail);
    expect(mail.parsed.subject).toBe('Confirm your new email address');
    expect(mail.raw).not.toContain(account.password);
    // Nothing changes before the link is used.
    expect((await t.http().get('/api/v1/me').set(account.auth)).body.email).toBe(account.email);

    await t
      .http()
      .post('/api/v1/auth/verify-email')
      .send({ token: linkToken(mail, '/verify-email') })
      .expect(204);
    const me = await t.http().get('/api/v1/me').set(account.auth).expect(200);
    expect(me.body).toMatchObject({ email: newEmail, emailVerified: true });
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: newEmail, password: account.password })
      .expect(200);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: account.password })
      .expect(401);
  });

  it('needs the password, a free and valid address, and a signed-in caller', async () => {
    const account = await registerAccount(t);
    const other = await registerAccount(t);
    const wrong = await change(account.auth, { newEmail: uniqueEmail(), password: 'wrong one!!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    const taken = await change(account.auth, {
      newEmail: other.email.toUpperCase(),
      password: account.password,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_taken');
    for (const body of [
      { newEmail: 'not-an-address', password: account.password },
      { newEmail: uniqueEmail() },
      { newEmail: uniqueEmail(), password: account.password, extra: true },
    ]) {
      const res = await change(account.auth, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    await t
      .http()
      .post('/api/v1/me/email')
      .send({ newEmail: uniqueEmail(), password: 'x' })
      .expect(401);
  });

  it('answers 409 when the new address was registered before the link is used', async () => {
    const account = await registerAccount(t);
    const newEmail = uniqueEmail('race');
    await change(account.auth, { newEmail, password: account.password }).expect(202);
    const [mail] = await smtp.waitFor(newEmail);
    await registerAccount(t, { email: newEmail });
    const res = await t
      .http()
      .post('/api/v1/auth/verify-email')
      .send({ token: linkToken(mail, '/verify-email') });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('email_taken');
    expect((await t.http().get('/api/v1/me').set(account.auth)).body.email).toBe(account.email);
  });

  it('voids the earlier change link when a new change is asked', async () => {
    const account = await registerAccount(t);
    const first = uniqueEmail('first');
    const second = uniqueEmail('second');
    await change(account.auth, { newEmail: first, password: account.password }).expect(202);
    const [firstMail] = await smtp.waitFor(first);
    await change(account.auth, { newEmail: second, password: account.password }).expect(202);
    await smtp.waitFor(second);
    const res = await t
      .http()
      .post('/api/v1/auth/verify-email')
      .send({ token: linkToken(firstMail, '/verify-email') });
    expect(res.body.code).toBe('invalid_token');
  });
});
