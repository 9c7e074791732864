import { PrismaService } from '@parley/database';
import { NotificationHandler } from '@parley/notifications';
import type { ClaimedMessage } from '@parley/outbox';
import { ReceivedMail, TestSmtpServer } from '@parley/testing';
import { registerAccount, registerStaff, TestAccount } from '../support/accounts';
import { createMailTestApp, grantPosting } from '../support/mail';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

const WINDOW_SECONDS = 3;

jest.setTimeout(60_000);

/**
 * Each reply is mailed once to the author it answers, whenever it became visible and however its
 * commit falls against the worker's claim (reply notices, see CommentNotificationsService).
 */
describe('reply notices', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestAccount;

  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp({
      REPLY_NOTIFICATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
    }));
    admin = await registerStaff(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const reader = async (name: string): Promise<TestAccount> => {
    const account = await registerAccount(t, { displayName: name });
    await grantPosting(t, admin, account);
    return account;
  };
  const replyMails = (account: TestAccount): ReceivedMail[] =>
    smtp.to(account.email).filter((mail) => /^New replies/.test(mail.parsed.subject ?? ''));
  /** How many of the account's reply mails quote this text. */
  const mailedTimes = (account: TestAccount, body: string): number =>
    replyMails(account).filter((mail) => mail.parsed.text?.includes(body)).length;
  const until = async (check: () => boolean): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, (WINDOW_SECONDS + 1) * 1000));
  const setModeration = (articleId: string, moderation: 'pre' | 'post') =>
    t
      .http()
      .put(`/api/v1/articles/${encodeURIComponent(articleId)}`)
      .set(admin.auth)
      .send({ title: 'A story', moderation })
      .expect(200);

  it('mails a held reply approved while a batch of later replies waits, once', async () => {
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const carol = await reader('Carol');
    const articleId = await createArticle(t, admin);
    const root = await postComment(t, alice, articleId, 'Alice opens');
    await setModeration(articleId, 'pre');
    const held = await postComment(t, bob, articleId, 'Bob, held for a moderator', root.id);
    expect(held.status).toBe('pending');
    await setModeration(articleId, 'post');

    await postComment(t, carol, articleId, 'Carol first', root.id);
    await until(() => mailedTimes(alice, 'Carol first') === 1);
    // The next reply waits out the window; the held one, older than it, is approved meanwhile.
    await postComment(t, carol, articleId, 'Carol second', root.id);
    await t
      .http()
      .post(`/api/v1/moderation/comments/${held.id}/approve`)
      .set(admin.auth)
      .expect(200);

    await until(() => mailedTimes(alice, 'Bob, held for a moderator') === 1);
    await until(() => mailedTimes(alice, 'Carol second') === 1);
    await settle();
    for (const body of ['Carol first', 'Carol second', 'Bob, held for a moderator'])
      expect({ body, times: mailedTimes(alice, body) }).toEqual({ body, times: 1 });
  });

  it('mails two replies that arrive around the worker’s claim each exactly once', async () => {
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const articleId = await createArticle(t, admin);
    const root = await postComment(t, alice, articleId, 'Alice asks');

    // Holds the worker between claiming Alice's message and composing it.
    const handler = t.app.get(NotificationHandler);
    const handle = handler.handle.bind(handler);
    let claimed!: () => void;
    let compose!: () => void;
    const claimedYet = new Promise<void>((resolve) => (claimed = resolve));
    const composing = new Promise<void>((resolve) => (compose = resolve));
    handler.handle = async (message: ClaimedMessage) => {
      if (message.payload.recipientId === alice.id && message.kind === 'reply') {
        claimed();
        await composing;
      }
      return handle(message);
    };
    try {
      await postComment(t, bob, articleId, 'Bob before the claim', root.id);
      await claimedYet;
      await postComment(t, bob, articleId, 'Bob during the claim', root.id);
      compose();
      await until(() => replyMails(alice).length === 1);
      await postComment(t, bob, articleId, 'Bob after the mail', root.id);
      await until(() => mailedTimes(alice, 'Bob after the mail') === 1);
      await settle();
    } finally {
      handler.handle = handle;
      compose();
    }
    const [first, second] = replyMails(alice);
    expect(replyMails(alice)).toHaveLength(2);
    // A reply committed before the composition goes with the claimed message.
    expect(first.parsed.text).toContain('Bob before the claim');
    expect(first.parsed.text).toContain('Bob during the claim');
    expect(second.parsed.text).toContain('Bob after the mail');
    expect(second.parsed.text).not.toContain('Bob during the claim');
  });

  it('retries a reply mail the SMTP server refused (4xx) with the replies it took, once', async () => {
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const articleId = await createArticle(t, admin);
    const root = await postComment(t, alice, articleId, 'Alice, busy mailbox');
    smtp.refuseNext(alice.email, 1);
    await postComment(t, bob, articleId, 'Bob, refused at first', root.id);
    await until(() => mailedTimes(alice, 'Bob, refused at first') === 1);
    await settle();
    expect(replyMails(alice)).toHaveLength(1);
  });

  it('leaves no notice nor message behind when the reader or the replier is erased', async () => {
    const prisma = t.app.get(PrismaService);
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const articleId = await createArticle(t, admin);
    const root = await postComment(t, alice, articleId, 'Alice writes');
    await postComment(t, bob, articleId, 'Bob mailed', root.id);
    await until(() => mailedTimes(alice, 'Bob mailed') === 1);
    const waiting = await postComment(t, bob, articleId, 'Bob waiting', root.id);
    const reply = await postComment(t, alice, articleId, 'Alice answers', waiting.id);
    expect(await prisma.replyNotice.count({ where: { recipientId: bob.id } })).toBe(1);

    await t.http().delete('/api/v1/me').set(bob.auth).send({ password: bob.password }).expect(204);
    expect(await prisma.replyNotice.count({ where: { recipientId: bob.id } })).toBe(0);
    expect(await prisma.replyNotice.count({ where: { recipientId: alice.id } })).toBe(0);
    expect(await prisma.replyNotice.count({ where: { replyId: reply.id } })).toBe(0);
    expect(await prisma.outboxMessage.count({ where: { userId: bob.id } })).toBe(0);

    await t
      .http()
      .delete('/api/v1/me')
      .set(alice.auth)
      .send({ password: alice.password })
      .expect(204);
    expect(await prisma.outboxMessage.count({ where: { userId: alice.id } })).toBe(0);
    await settle();
    expect(mailedTimes(alice, 'Bob waiting')).toBe(0);
  });
});
