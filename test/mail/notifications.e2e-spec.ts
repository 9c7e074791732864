import { PrismaService } from '@parley/database';
import { TestSmtpServer } from '@parley/testing';
import { registerStaff, TestAccount } from '../support/accounts';
import { createMailTestApp, registerPostingReader } from '../support/mail';
import { waitUntil } from '../support/poll';
import type { TestApp } from '../support/test-app';
import { createArticle, postComment } from '../support/threads';

const WINDOW_SECONDS = 2;

jest.setTimeout(60_000);

describe('reply and moderation notifications', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestAccount;
  let articleId: string;

  beforeAll(async () => {
    ({ t, smtp } = await createMailTestApp({
      REPLY_NOTIFICATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
    }));
    admin = await registerStaff(t, 'admin');
    articleId = await createArticle(t, admin, { url: 'https://news.example/story' });
  });
  afterAll(() => t.close());

  const reader = (name: string, verified = true) =>
    registerPostingReader(t, admin, { displayName: name }, { verified });
  const notices = (account: TestAccount, subject: RegExp) =>
    smtp.to(account.email).filter((mail) => subject.test(mail.parsed.subject ?? ''));
  const waitForNotices = async (account: TestAccount, subject: RegExp, count: number) => {
    await waitUntil(async () => notices(account, subject).length >= count, 15_000);
    return notices(account, subject);
  };
  const reject = (commentId: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1/moderation/comments/${commentId}/reject`)
      .set(admin.auth)
      .send(body)
      .expect(200);
  const settle = () => new Promise((resolve) => setTimeout(resolve, (WINDOW_SECONDS + 1) * 1000));
  const REPLIES = /^New replies/;

  it('mails the first reply at once, then batches the next ones into one mail per window', async () => {
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const carol = await reader('Carol');
    const root = await postComment(t, alice, articleId, 'My opinion');
    await postComment(t, bob, articleId, 'Bob disagrees <b>strongly</b>', root.id);
    const [first] = await waitForNotices(alice, REPLIES, 1);
    expect(first.parsed.text).toContain('Bob replied to your comment');
    expect(first.parsed.text).toContain('\n> Bob disagrees <b>strongly</b>\n');
    expect(first.parsed.html).toContain('Bob disagrees &lt;b&gt;strongly&lt;/b&gt;');
    expect(first.parsed.html).toContain('https://news.example/story');

    await postComment(t, carol, articleId, 'Carol adds one', root.id);
    await postComment(t, bob, articleId, 'Bob again', root.id);
    const reply = await postComment(t, carol, articleId, 'Carol, deeper', root.id);
    // A reply to Carol notifies Carol, not Alice.
    await postComment(t, alice, articleId, 'Alice answers Carol', reply.id);
    const mails = await waitForNotices(alice, REPLIES, 2);
    const second = mails[1];
    expect(second.parsed.text).toContain('Carol adds one');
    expect(second.parsed.text).toContain('Bob again');
    expect(second.parsed.text).toContain('Carol, deeper');
    expect(second.parsed.text).not.toContain('Bob disagrees');
    expect(second.parsed.text).not.toContain('Alice answers Carol');
    await settle();
    expect(notices(alice, REPLIES)).toHaveLength(2);
    expect(await waitForNotices(carol, REPLIES, 1)).toHaveLength(1);
  }, 30_000);

  it('mails a reply held for moderation once a moderator approves it, not before', async () => {
    const alice = await reader('Alice');
    const bob = await reader('Bob');
    const held = await createArticle(t, admin, { url: 'https://news.example/held' });
    const root = await postComment(t, alice, held, 'Held story opinion');
    await t
      .http()
      .put(`/api/v1/articles/${encodeURIComponent(held)}`)
      .set(admin.auth)
      .send({ title: 'Held story', moderation: 'pre' })
      .expect(200);
    const reply = await postComment(t, bob, held, 'Bob, once approved', root.id);
    expect(reply.status).toBe('pending');
    await settle();
    expect(notices(alice, REPLIES)).toHaveLength(0);

    await t
      .http()
      .post(`/api/v1/moderation/comments/${reply.id}/approve`)
      .set(admin.auth)
      .expect(200);
    const [mail] = await waitForNotices(alice, REPLIES, 1);
    expect(mail.parsed.text).toContain('Bob, once approved');
  }, 30_000);

  it('mails nobody for their own replies, nor an unverified or erased account', async () => {
    const dave = await reader('Dave');
    const own = await postComment(t, dave, articleId, 'Talking to myself');
    await postComment(t, dave, articleId, 'Still me', own.id);

    const erin = await reader('Erin');
    const erinRoot = await postComment(t, erin, articleId, 'Erin writes');
    await t.app.get(PrismaService).user.update({
      where: { id: erin.id },
      data: { emailVerifiedAt: null },
    });
    const frank = await reader('Frank');
    const frankRoot = await postComment(t, frank, articleId, 'Frank writes');
    await t
      .http()
      .delete('/api/v1/me')
      .set(frank.auth)
      .send({ password: frank.password })
      .expect(204);

    const other = await reader('Other');
    await postComment(t, other, articleId, 'To Dave', own.id);
    await postComment(t, other, articleId, 'To Erin', erinRoot.id);
    await postComment(t, other, articleId, 'To Frank', frankRoot.id).catch(() => undefined);
    const [toDave] = await waitForNotices(dave, REPLIES, 1);
    expect(toDave.parsed.text).toContain('To Dave');
    expect(toDave.parsed.text).not.toContain('Still me');
    await settle();
    expect(notices(dave, REPLIES)).toHaveLength(1);
    expect(notices(erin, REPLIES)).toHaveLength(0);
    expect(notices(frank, REPLIES)).toHaveLength(0);
  }, 30_000);

  it('tells the author of a rejected comment the code, with one-click unsubscribe headers', async () => {
    const gina = await reader('Gina');
    const comment = await postComment(t, gina, articleId, 'Something rejected');
    await reject(comment.id, { code: 'harassment', reason: 'internal note for moderators' });
    const [mail] = await waitForNotices(gina, /was removed/, 1);
    expect(mail.parsed.text).toContain('(harassment)');
    expect(mail.parsed.text).toContain('\n> Something rejected\n');
    expect(mail.raw).not.toContain('internal note for moderators');
    const headers = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(headers).toMatch(
      /^List-Unsubscribe: <https:\/\/api\.news\.example\/api\/v1\/notifications\/unsubscribe\?token=[\w.-]+>\r?$/m,
    );
  });

  it('unsubscribes in one click per kind, and says so in /me/notifications', async () => {
    const hank = await reader('Hank');
    const comment = await postComment(t, hank, articleId, 'Hank writes');
    await reject(comment.id);
    const [mail] = await waitForNotices(hank, /was removed/, 1);
    expect(mail.parsed.text).toContain('(other)');
    const link = /https:\/\/api\.news\.example\S+/.exec(mail.parsed.text ?? '')![0];
    const token = new URL(link).searchParams.get('token')!;

    await t
      .http()
      .get('/api/v1/me/notifications')
      .set(hank.auth)
      .expect(200, { replies: true, moderation: true });
    // The page asks first and changes nothing (link scanners open links).
    const page = await t
      .http()
      .get(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('moderators');
    await t
      .http()
      .get('/api/v1/me/notifications')
      .set(hank.auth)
      .expect(200, { replies: true, moderation: true });

    // What a mail client sends (RFC 8058).
    await t
      .http()
      .post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(204);
    await t
      .http()
      .get('/api/v1/me/notifications')
      .set(hank.auth)
      .expect(200, { replies: true, moderation: false });
    await t.http().post('/api/v1/notifications/unsubscribe').send({ token }).expect(204);

    const second = await postComment(t, hank, articleId, 'Hank again');
    await reject(second.id);
    await settle();
    expect(notices(hank, /was removed/)).toHaveLength(1);
  });

  it('reads and changes preferences, and refuses bad input', async () => {
    const ivy = await reader('Ivy');
    await t
      .http()
      .patch('/api/v1/me/notifications')
      .set(ivy.auth)
      .send({ replies: false })
      .expect(200, { replies: false, moderation: true });
    await t
      .http()
      .get('/api/v1/me/notifications')
      .set(ivy.auth)
      .expect(200, { replies: false, moderation: true });
    const root = await postComment(t, ivy, articleId, 'Ivy writes');
    const other = await reader('Jack');
    await postComment(t, other, articleId, 'To Ivy', root.id);
    await settle();
    expect(notices(ivy, REPLIES)).toHaveLength(0);

    for (const body of [{ replies: 'yes' }, { other: true }, { moderation: null }]) {
      const res = await t.http().patch('/api/v1/me/notifications').set(ivy.auth).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    await t.http().get('/api/v1/me/notifications').expect(401);
    for (const token of ['', 'abc', 'a.b', 'x'.repeat(600)]) {
      const res = await t.http().post('/api/v1/notifications/unsubscribe').send({ token });
      expect({ token, status: res.status }).toEqual({ token, status: 400 });
    }
    const forged = Buffer.from(`${ivy.id}:replies`).toString('base64url') + '.' + 'A'.repeat(43);
    const res = await t.http().post('/api/v1/notifications/unsubscribe').send({ token: forged });
    expect(res.body.code).toBe('invalid_token');
    const page = await t.http().get(`/api/v1/notifications/unsubscribe?token=${forged}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('not valid');
  });
});
