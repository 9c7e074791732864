import { ReceivedMail } from '@parley/testing';
import { registerAccount, registerStaff, TestAccount, uniqueEmail } from '../support/accounts';
import { createMailTestApp, grantPosting } from '../support/mail';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

jest.setTimeout(60_000);

const resend = (t: TestApp, account: TestAccount) =>
  t.http().post('/api/v1/auth/verify-email/resend').set(account.auth);
const changeEmail = (t: TestApp, account: TestAccount, newEmail: string) =>
  t
    .http()
    .post('/api/v1/me/email')
    .set(account.auth)
    .send({ newEmail, password: account.password });

describe('limits of the mail-sending routes', () => {
  it('limits verification resends and email changes per recipient address', async () => {
    const { t, smtp } = await createMailTestApp({
      RATE_LIMIT_DISABLED: 'false',
      MAIL_RATE_LIMIT_PER_ADDRESS: '2',
      MAIL_RATE_LIMIT_PER_IP: '1000',
    });
    try {
      const reader = await registerAccount(t, {}, { verified: false });
      await resend(t, reader).expect(202);
      await resend(t, reader).expect(202);
      const refused = await resend(t, reader).expect(429);
      expect(refused.body.code).toBe('rate_limited');

      // Someone else's address is the target: the budget is the address's, whoever asks.
      const victim = uniqueEmail('victim');
      const first = await registerAccount(t);
      const second = await registerAccount(t);
      await changeEmail(t, first, victim).expect(202);
      await changeEmail(t, second, victim.toUpperCase()).expect(202);
      expect((await changeEmail(t, first, victim).expect(429)).body.code).toBe('rate_limited');
      await changeEmail(t, first, uniqueEmail()).expect(202);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('limits every mail-sending route per client IP, with one budget for all of them', async () => {
    const { t, smtp } = await createMailTestApp({
      RATE_LIMIT_DISABLED: 'false',
      MAIL_RATE_LIMIT_PER_ADDRESS: '1000',
      MAIL_RATE_LIMIT_PER_IP: '3',
    });
    try {
      const reader = await registerAccount(t, {}, { verified: false });
      await resend(t, reader).expect(202);
      await changeEmail(t, reader, uniqueEmail()).expect(202);
      await t.http().post('/api/v1/auth/password-reset').send({ email: uniqueEmail() }).expect(202);
      await resend(t, reader).expect(429);
      await changeEmail(t, reader, uniqueEmail()).expect(429);
      await t.http().post('/api/v1/auth/password-reset').send({ email: uniqueEmail() }).expect(429);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});

describe('mail content', () => {
  /** Every `token` query parameter in the mail: text, HTML and headers. */
  const tokensIn = (mail: ReceivedMail): Set<string> => {
    const content = `${mail.parsed.text ?? ''}\n${mail.parsed.html || ''}\n${mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'))}`;
    const links = content.replace(/&amp;/g, '&').match(/https?:\/\/[^\s"<>]+/g) ?? [];
    const tokens = links
      .map((link) => new URL(link).searchParams.get('token'))
      .filter((token): token is string => token !== null);
    return new Set(tokens);
  };
  const secretsOf = (account: TestAccount) => [
    account.password,
    account.accessToken,
    account.refreshToken,
  ];

  it('carries no password, no session token and no token but the one its link needs', async () => {
    const { t, smtp } = await createMailTestApp();
    try {
      const admin = await registerStaff(t, 'admin');
      const articleId = await createArticle(t, admin);
      const alice = await registerAccount(t, { displayName: 'Alice' }, { verified: false });
      const bob = await registerAccount(t, { displayName: 'Bob' });
      await t.http().post('/api/v1/auth/password-reset').send({ email: alice.email }).expect(202);
      const newAddress = uniqueEmail('new');
      await changeEmail(t, alice, newAddress).expect(202);
      const carol = await registerAccount(t, { displayName: 'Carol' });
      await grantPosting(t, admin, carol);
      await grantPosting(t, admin, bob);
      const root = await postComment(t, carol, articleId, 'Carol writes');
      await postComment(t, bob, articleId, 'Bob answers', root.id);

      // Alice: verification and reset; the new address: the change; Carol: verification and reply.
      const mails = [
        ...(await smtp.waitFor(alice.email, 2)),
        ...(await smtp.waitFor(newAddress, 1)),
        ...(await smtp.waitFor(carol.email, 2)),
      ];
      expect(mails.map((mail) => mail.parsed.subject).sort()).toEqual([
        'Confirm your email address',
        'Confirm your email address',
        'Confirm your new email address',
        'New replies to your comment on "A story"',
        'Reset your password',
      ]);
      for (const mail of mails) {
        const subject = mail.parsed.subject;
        expect({ subject, tokens: tokensIn(mail).size }).toEqual({ subject, tokens: 1 });
        for (const secret of [...secretsOf(alice), ...secretsOf(bob), ...secretsOf(carol)])
          expect(mail.raw).not.toContain(secret);
        expect(mail.raw).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      }
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});
