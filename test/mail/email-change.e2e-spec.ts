import { linkToken, ReceivedMail, TestSmtpServer } from '@parley/testing';
import { registerAccount, TestAccount, uniqueEmail } from '../support/accounts';
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
  const verify = (token: string) => t.http().post('/api/v1/auth/verify-email').send({ token });
  /** Asks for a change to `newEmail` and answers the token of the link mailed there. */
  const changeToken = async (account: TestAccount, newEmail: string) => {
    await change(account.auth, { newEmail, password: account.password }).expect(202);
    const [mail] = await smtp.waitFor(newEmail);
    return linkToken(mail, '/verify-email');
  };
  /** The first mail to `address` with this subject (waiting for it). */
  const mailWith = async (address: string, subject: string): Promise<ReceivedMail> => {
    for (let count = 1; ; count += 1) {
      const found = (await smtp.waitFor(address, count)).find(
        (mail) => mail.parsed.subject === subject,
      );
      if (found) return found;
    }
  };
  const ASKED = 'Someone asked to change your email address';
  const CHANGED = 'Your email address was changed';

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

  it('voids a pending change when the password is reset', async () => {
    const account = await registerAccount(t);
    const token = await changeToken(account, uniqueEmail('attacker'));
    await t.http().post('/api/v1/auth/password-reset').send({ email: account.email }).expect(202);
    const reset = await mailWith(account.email, 'Reset your password');
    await t
      .http()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token: linkToken(reset, '/reset-password'), newPassword: 'a brand new password' })
      .expect(204);

    expect((await verify(token).expect(400)).body.code).toBe('invalid_token');
    const signIn = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: 'a brand new password' })
      .expect(200);
    expect(signIn.body.user.email).toBe(account.email);
  });

  it('voids a pending change when the password is changed', async () => {
    const account = await registerAccount(t);
    const token = await changeToken(account, uniqueEmail('attacker'));
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(account.auth)
      .send({
        currentPassword: account.password,
        newPassword: 'a brand new password',
        refreshToken: account.refreshToken,
      })
      .expect(204);

    expect((await verify(token).expect(400)).body.code).toBe('invalid_token');
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: 'a brand new password' })
      .expect(200);
  });

  it('keeps a pending verification of the current address through a password change', async () => {
    const account = await registerAccount(t, {}, { verified: false });
    const [verification] = await smtp.waitFor(account.email);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(account.auth)
      .send({ currentPassword: account.password, newPassword: 'a brand new password' })
      .expect(204);
    await verify(linkToken(verification, '/verify-email')).expect(204);
  });

  it('tells the old address, without a link, when a change is asked and when it is done', async () => {
    const account = await registerAccount(t, { displayName: 'Ada <i>Lovelace</i>' });
    const newEmail = uniqueEmail('attacker');
    const token = await changeToken(account, newEmail);
    const noticeChecks = (mail: ReceivedMail) => {
      const html = mail.parsed.html || '';
      // The new address only masked, no link or token of any kind, the name escaped in HTML.
      expect(mail.parsed.text).toContain('a***@example.com');
      expect(html).toContain('a***@example.com');
      expect(mail.raw).not.toContain(newEmail);
      expect(mail.raw).not.toContain(newEmail.split('@')[0]);
      expect(`${mail.parsed.text}\n${html}`).not.toMatch(/https?:|token|<a\b/i);
      expect(mail.raw).not.toContain(account.password);
      expect(html).toContain('Ada &lt;i&gt;Lovelace&lt;/i&gt;');
    };

    const asked = await mailWith(account.email, ASKED);
    noticeChecks(asked);
    expect(asked.parsed.text).toMatch(/reset your password/i);
    expect(smtp.to(account.email).filter((m) => m.parsed.subject === CHANGED)).toHaveLength(0);

    await verify(token).expect(204);
    noticeChecks(await mailWith(account.email, CHANGED));
    // Nothing but the confirmation went to the new address.
    expect(smtp.to(newEmail).map((mail) => mail.parsed.subject)).toEqual([
      'Confirm your new email address',
    ]);
  });

  it('tells the old address nothing when the change is refused', async () => {
    const account = await registerAccount(t);
    const other = await registerAccount(t);
    await change(account.auth, { newEmail: other.email, password: account.password }).expect(409);
    await change(account.auth, { newEmail: uniqueEmail(), password: 'wrong one!!' }).expect(401);
    // Mail goes out in the order it was queued: anything they had queued arrives before this.
    await t.http().post('/api/v1/auth/password-reset').send({ email: account.email }).expect(202);
    await mailWith(account.email, 'Reset your password');
    expect(smtp.to(account.email).map((mail) => mail.parsed.subject)).not.toContain(ASKED);
  });
});
