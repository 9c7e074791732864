import { linkToken, TestSmtpServer } from '@parley/testing';
import { registerStaff, TestAccount } from '../support/accounts';
import { createMailTestApp, registerPostingReader } from '../support/mail';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

jest.setTimeout(60_000);

describe('email verification', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestAccount;
  let articleId: string;

  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp());
    admin = await registerStaff(t, 'admin');
    articleId = await createArticle(t, admin);
  });
  afterAll(() => t.close());

  const unverifiedReader = () => registerPostingReader(t, admin, {}, { verified: false });
  const verify = (token: string) => t.http().post('/api/v1/auth/verify-email').send({ token });

  it('mails a link at registration that verifies the address once', async () => {
    const reader = await unverifiedReader();
    const me = await t.http().get('/api/v1/me').set(reader.auth).expect(200);
    expect(me.body.emailVerified).toBe(false);
    expect(me.body.entitlement).toMatchObject({ canComment: false, reason: 'email_unverified' });

    const [mail] = await smtp.waitFor(reader.email);
    expect(mail.parsed.from?.text).toBe('"Parley News" <comments@news.example>');
    expect(mail.parsed.subject).toBe('Confirm your email address');
    expect(mail.parsed.text).toContain('Test Reader');
    expect(mail.parsed.html).toContain('https://news.example/verify-email?token=');
    expect(mail.raw).not.toContain(reader.password);
    const token = linkToken(mail, '/verify-email');

    await verify(token).expect(204);
    const after = await t.http().get('/api/v1/me').set(reader.auth).expect(200);
    expect(after.body.emailVerified).toBe(true);
    expect(after.body.entitlement).toMatchObject({ canComment: true, reason: null });
    await postComment(t, reader, articleId);

    const again = await verify(token).expect(400);
    expect(again.body.code).toBe('invalid_token');
  });

  it('refuses posting, liking and reporting before verification, right after the account status', async () => {
    const reader = await unverifiedReader();
    const comment = await postComment(t, admin, articleId);
    const post = await t
      .http()
      .post(`/api/v1/articles/${articleId}/comments`)
      .set(reader.auth)
      .send({ body: 'hello' })
      .expect(403);
    expect(post.body.code).toBe('email_unverified');
    const like = await t
      .http()
      .put(`/api/v1/comments/${comment.id}/like`)
      .set(reader.auth)
      .expect(403);
    expect(like.body.code).toBe('email_unverified');
    const report = await t
      .http()
      .post(`/api/v1/comments/${comment.id}/reports`)
      .set(reader.auth)
      .send({ reason: 'spam' })
      .expect(403);
    expect(report.body.code).toBe('email_unverified');
    // The article is checked after the address: an unknown one still says email_unverified.
    const unknown = await t
      .http()
      .post('/api/v1/articles/no-such-article/comments')
      .set(reader.auth)
      .send({ body: 'hello' })
      .expect(403);
    expect(unknown.body.code).toBe('email_unverified');
    // Reading never needs it.
    await t.http().get(`/api/v1/articles/${articleId}/comments`).set(reader.auth).expect(200);

    await t
      .http()
      .post(`/api/v1/moderation/users/${reader.id}/ban`)
      .set(admin.auth)
      .send({})
      .expect(200);
    const banned = await t
      .http()
      .post(`/api/v1/articles/${articleId}/comments`)
      .set(reader.auth)
      .send({ body: 'hello' })
      .expect(403);
    expect(banned.body.code).toBe('user_banned');
  });

  it('resends a fresh link on request, and the earlier one stops working', async () => {
    const reader = await unverifiedReader();
    const [first] = await smtp.waitFor(reader.email);
    await t.http().post('/api/v1/auth/verify-email/resend').set(reader.auth).expect(202);
    const mails = await smtp.waitFor(reader.email, 2);
    const second = mails[1];
    expect(linkToken(second, '/verify-email')).not.toBe(linkToken(first, '/verify-email'));
    expect((await verify(linkToken(first, '/verify-email')).expect(400)).body.code).toBe(
      'invalid_token',
    );
    await verify(linkToken(second, '/verify-email')).expect(204);
    // Verified: a resend answers the same and sends nothing.
    await t.http().post('/api/v1/auth/verify-email/resend').set(reader.auth).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(reader.email)).toHaveLength(2);
  });

  it('refuses bad input', async () => {
    for (const token of ['', 'x'.repeat(43), 'not a token', 'a'.repeat(600)]) {
      const res = await verify(token);
      expect({ token, status: res.status }).toEqual({ token, status: 400 });
    }
    expect((await verify('x'.repeat(43))).body.code).toBe('invalid_token');
    expect((await t.http().post('/api/v1/auth/verify-email').send({})).body.code).toBe(
      'validation_failed',
    );
    expect(
      (await t.http().post('/api/v1/auth/verify-email').send({ token: 'x', extra: 1 })).body.code,
    ).toBe('validation_failed');
    expect((await t.http().post('/api/v1/auth/verify-email').send({ token: 5 })).body.code).toBe(
      'validation_failed',
    );
    await t.http().post('/api/v1/auth/verify-email/resend').expect(401);
  });

  it('counts the staff account of ADMIN_EMAIL as verified, without mailing it', async () => {
    const email = `boss-${Date.now()}@news.example`;
    const password = 'a long admin password';
    const { t: other, smtp: otherSmtp } = await createMailTestApp({
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: password,
    });
    try {
      const login = await other.http().post('/api/v1/auth/login').send({ email, password });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ role: 'admin', emailVerified: true });
      expect(login.body.user.entitlement).toMatchObject({ canComment: true, source: 'staff' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(otherSmtp.to(email)).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
