import { ReceivedMail } from '@parley/testing';
import { randomInt } from 'node:crypto';
import { registerAccount, registerStaff, TestAccount, uniqueEmail } from '../support/accounts';
import { createMailTestApp, grantPosting, outboxDrained } from '../support/mail';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

jest.setTimeout(60_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client address nobody else in this run (or a recent one, sharing Redis) uses. */
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

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

  it('caps reset mails per address without ever refusing for it, and limits requests per client IP', async () => {
    // No other app runs here: its outbox worker could take the reset requests and mail elsewhere.
    const { t, smtp } = await createMailTestApp({
      RATE_LIMIT_DISABLED: 'false',
      MAIL_RATE_LIMIT_PER_ADDRESS: '2',
      MAIL_RATE_LIMIT_PER_IP: '4',
    });
    try {
      const ask = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email });
      const target = await registerAccount(t);
      await ask(target.email).expect(202);
      await ask(` ${target.email.toUpperCase()} `).expect(202);
      // Over the address's cap: the same answer, and no mail.
      const third = await ask(target.email).expect(202);
      expect(third.headers['retry-after']).toBeUndefined();
      await smtp.waitFor(target.email, 3); // registration's verification and two resets
      // Other addresses from the same IP until the IP budget (4) is spent.
      await ask(`a-${target.email}`).expect(202);
      const fifth = await ask(`b-${target.email}`).expect(429);
      expect(fifth.body.code).toBe('rate_limited');
      expect(fifth.headers['retry-after']).toBeDefined();
      // Once everything queued for it is handled: two reset mails, not three.
      await outboxDrained(t, [target.email]);
      const resets = smtp
        .to(target.email)
        .filter((mail) => mail.parsed.subject === 'Reset your password');
      expect(resets).toHaveLength(2);
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

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])("a stranger's password-reset requests (%s)", (_where, store) => {
  const RESET = 'Reset your password';

  it('never refuse the owner, answer as for any address, and mail at most the cap', async () => {
    const { t, smtp } = await createMailTestApp({
      RATE_LIMIT_DISABLED: 'false',
      MAIL_RATE_LIMIT_PER_ADDRESS: '5',
      MAIL_RATE_LIMIT_PER_IP: '1000',
      TRUST_PROXY: 'loopback',
      ...store,
    });
    try {
      const owner = await registerAccount(t, {}, { verified: false });
      const [stranger, home] = [randomIp(), randomIp()];
      const reset = (email: string, ip: string) =>
        t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', ip).send({ email });
      for (let i = 0; i < 5; i++) await reset(owner.email, stranger).expect(202);

      // Over the address's cap: still the answer any address gets, from anyone.
      const [capped, fresh] = await Promise.all([
        reset(owner.email, stranger),
        reset(uniqueEmail('unknown'), stranger),
      ]);
      expect([capped.status, fresh.status]).toEqual([202, 202]);
      expect(capped.body).toEqual(fresh.body);
      expect(Object.keys(capped.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
      expect(capped.headers['retry-after']).toBeUndefined();

      // The owner's own requests are not refused: their reset, their resend, their change.
      await reset(owner.email, home).expect(202);
      await t
        .http()
        .post('/api/v1/auth/verify-email/resend')
        .set('X-Forwarded-For', home)
        .set(owner.auth)
        .expect(202);
      await changeEmail(t, owner, uniqueEmail('moved')).expect(202);

      await outboxDrained(t, [owner.email]);
      const subjects = smtp.to(owner.email).map((mail) => mail.parsed.subject);
      expect(subjects.filter((subject) => subject === RESET)).toHaveLength(5);
      // Registration's verification and the resend's.
      expect(subjects.filter((subject) => subject === 'Confirm your email address')).toHaveLength(
        2,
      );
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it("cannot spend the owner's budget by asking to move another account to the owner's address", async () => {
    const { t, smtp } = await createMailTestApp({
      RATE_LIMIT_DISABLED: 'false',
      MAIL_RATE_LIMIT_PER_ADDRESS: '2',
      MAIL_RATE_LIMIT_PER_IP: '1000',
      ...store,
    });
    try {
      const owner = await registerAccount(t, {}, { verified: false });
      const stranger = await registerAccount(t);
      for (let i = 0; i < 3; i++) await changeEmail(t, stranger, owner.email).expect(409);
      await resend(t, owner).expect(202);
      await resend(t, owner).expect(202);
      expect((await resend(t, owner).expect(429)).body.code).toBe('rate_limited');
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

      // Alice: verification, reset and the notice of the change; the new address: the change;
      // Carol: verification and reply.
      const mails = [
        ...(await smtp.waitFor(alice.email, 3)),
        ...(await smtp.waitFor(newAddress, 1)),
        ...(await smtp.waitFor(carol.email, 2)),
      ];
      expect(mails.map((mail) => mail.parsed.subject).sort()).toEqual([
        'Confirm your email address',
        'Confirm your email address',
        'Confirm your new email address',
        'New replies to your comment on "A story"',
        'Reset your password',
        'Someone asked to change your email address',
      ]);
      for (const mail of mails) {
        const subject = mail.parsed.subject;
        const tokens = subject === 'Someone asked to change your email address' ? 0 : 1;
        expect({ subject, tokens: tokensIn(mail).size }).toEqual({ subject, tokens });
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
