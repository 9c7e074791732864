import { PrismaService } from '@parley/database';
import {
  NotificationKind,
  NotificationSettingsService,
  UnsubscribeTokens,
} from '@parley/notifications';
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { gzipSync } from 'node:zlib';
import { registerAccount, TestAccount } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

const PATH = '/api/v1/notifications/unsubscribe';

/** The body RFC 8058 section 3.1 describes, as a mail client sends it. */
function oneClickMultipart(boundary = 'x', fields: Record<string, string> = {}): string {
  const parts = Object.entries({ 'List-Unsubscribe': 'One-Click', ...fields }).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return `${parts.join('')}--${boundary}--\r\n`;
}

describe('one-click unsubscribe (POST /notifications/unsubscribe)', () => {
  let t: TestApp;
  let tokens: UnsubscribeTokens;
  let prisma: PrismaService;

  beforeAll(async () => {
    t = await createTestApp();
    tokens = t.app.get(UnsubscribeTokens);
    prisma = t.app.get(PrismaService);
  });
  afterAll(() => t.close());

  const tokenOf = (account: { id: string }, kind: NotificationKind = 'replies') =>
    tokens.issue(account.id, kind);
  const unsubscribeAsJson = (account: { id: string }) =>
    t
      .http()
      .post(PATH)
      .send({ token: tokenOf(account) })
      .expect(204);
  const storedPreferences = (account: { id: string }) =>
    prisma.notificationPreference.count({ where: { userId: account.id } });
  const eraseAccount = (account: TestAccount) =>
    t
      .http()
      .delete('/api/v1/me')
      .set(account.auth)
      .send({ password: account.password })
      .expect(204);
  const preferences = (account: TestAccount) =>
    t.http().get('/api/v1/me/notifications').set(account.auth).expect(200);
  const multipart = (query: string, body: string | Buffer, boundary = 'x') =>
    t
      .http()
      .post(`${PATH}${query}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .serialize((bytes: unknown) => bytes as string)
      .send(body);

  describe('as multipart/form-data (RFC 8058 section 3.1)', () => {
    it('takes the body a mail client sends, with the token in the URL', async () => {
      const reader = await registerAccount(t);
      await multipart(`?token=${encodeURIComponent(tokenOf(reader))}`, oneClickMultipart()).expect(
        204,
      );
      await preferences(reader).expect({ replies: false, moderation: true });
    });

    it('takes the token as a form field too, and any boundary', async () => {
      const reader = await registerAccount(t);
      const body = oneClickMultipart('----parley7MA4YWxkTrZu0gW', {
        token: tokenOf(reader, 'moderation'),
      });
      await multipart('', body, '----parley7MA4YWxkTrZu0gW').expect(204);
      await preferences(reader).expect({ replies: true, moderation: false });
      // What a page's fetch(url, { body: new FormData(form) }) sends.
      const other = await registerAccount(t);
      await t
        .http()
        .post(PATH)
        .field('List-Unsubscribe', 'One-Click')
        .field('token', tokenOf(other))
        .expect(204);
      await preferences(other).expect({ replies: false, moderation: true });
    });

    it('answers a browser (text/html) with the page, and inflates a gzip body', async () => {
      const reader = await registerAccount(t);
      const page = await multipart(`?token=${tokenOf(reader)}`, oneClickMultipart())
        .set('Accept', 'text/html')
        .expect(200);
      expect(page.text).toContain('You will get no more');
      await multipart(`?token=${tokenOf(reader, 'moderation')}`, gzipSync(oneClickMultipart()))
        .set('Content-Encoding', 'gzip')
        .expect(204);
      await preferences(reader).expect({ replies: false, moderation: false });
    });

    it('refuses a body over 2 kB with 413 payload_too_large', async () => {
      const reader = await registerAccount(t);
      const res = await multipart(
        `?token=${tokenOf(reader)}`,
        oneClickMultipart('x', { padding: 'p'.repeat(3000) }),
      ).expect(413);
      expect(res.body).toMatchObject({
        statusCode: 413,
        code: 'payload_too_large',
        message: 'The body exceeds 2kb',
      });
      await preferences(reader).expect({ replies: true, moderation: true });
    });

    it('refuses what is not a form of text fields with 400 validation_failed', async () => {
      const reader = await registerAccount(t);
      const query = `?token=${tokenOf(reader)}`;
      const unreadable = 'The body is not a multipart/form-data form of text fields';
      const refused: Array<[string, Test, string?]> = [
        ['another boundary', multipart(query, oneClickMultipart('y')), unreadable],
        ['no parts', multipart(query, 'List-Unsubscribe=One-Click'), unreadable],
        [
          'no boundary',
          t
            .http()
            .post(`${PATH}${query}`)
            .set('Content-Type', 'multipart/form-data')
            .send(oneClickMultipart()),
          unreadable,
        ],
        [
          'a file',
          t
            .http()
            .post(`${PATH}${query}`)
            .field('List-Unsubscribe', 'One-Click')
            .attach('token', Buffer.from('not a field'), 'token.txt'),
          unreadable,
        ],
        // Fields are validated as the urlencoded and JSON bodies' are.
        ['an unknown field', multipart(query, oneClickMultipart('x', { other: 'field' }))],
        ['another value', multipart(query, oneClickMultipart('x').replace('One-Click', 'Yes'))],
        [
          'a repeated field',
          multipart(
            query,
            oneClickMultipart('x', { token: 'a' }).replace(
              '--x--',
              `--x\r\nContent-Disposition: form-data; name="token"\r\n\r\nb\r\n--x--`,
            ),
          ),
        ],
      ];
      for (const [what, request, message] of refused) {
        const res = await request;
        expect({ what, status: res.status, code: res.body.code }).toEqual({
          what,
          status: 400,
          code: 'validation_failed',
        });
        if (message) expect({ what, message: res.body.message }).toEqual({ what, message });
      }
      await preferences(reader).expect({ replies: true, moderation: true });
    });

    it('is taken on the unsubscribe route only: elsewhere a multipart body stays a 415', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .field('email', 'a@b.co')
        .field('password', 'correct horse battery')
        .expect(415);
      expect(res.body).toMatchObject({ code: 'unsupported_media_type' });
    });
  });

  it('refuses a urlencoded body over 2 kB with 413 payload_too_large', async () => {
    const reader = await registerAccount(t);
    const res = await t
      .http()
      .post(`${PATH}?token=${tokenOf(reader)}`)
      .type('form')
      .send(`List-Unsubscribe=One-Click&padding=${'p'.repeat(3000)}`)
      .expect(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large', message: 'The body exceeds 2kb' });
  });

  describe('a token whose account is not (or no longer) there', () => {
    it('refuses a well-signed token of an unknown user as invalid_token, page included', async () => {
      const stranger = { id: randomUUID() };
      const token = tokenOf(stranger);
      const json = await t.http().post(PATH).send({ token }).expect(400);
      expect(json.body).toMatchObject({ statusCode: 400, code: 'invalid_token' });
      const form = await t
        .http()
        .post(`${PATH}?token=${token}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(400);
      expect(form.body.code).toBe('invalid_token');
      const page = await t.http().get(`${PATH}?token=${token}`).expect(400);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('not valid');
      expect(page.text).not.toContain('<form');
      expect(await storedPreferences(stranger)).toBe(0);
    });

    it('answers 204 for an erased account and writes nothing (erasure removed its choices)', async () => {
      const reader = await registerAccount(t);
      await t
        .http()
        .patch('/api/v1/me/notifications')
        .set(reader.auth)
        .send({ replies: false })
        .expect(200);
      await eraseAccount(reader);
      expect(await storedPreferences(reader)).toBe(0);

      await t
        .http()
        .post(PATH)
        .send({ token: tokenOf(reader, 'moderation') })
        .expect(204);
      expect(await storedPreferences(reader)).toBe(0);
      await multipart(`?token=${tokenOf(reader)}`, oneClickMultipart()).expect(204);
      const page = await t
        .http()
        .get(`${PATH}?token=${tokenOf(reader)}`)
        .expect(200);
      expect(page.text).toContain('Unsubscribe');
      expect(await storedPreferences(reader)).toBe(0);
    });

    it('leaves no choices behind when a change lands between the notifications step of an erasure and the wipe', async () => {
      const reader = await registerAccount(t);
      const settings = t.app.get(NotificationSettingsService);
      const step = settings.eraseAccountData.bind(settings);
      // The notifications step runs, then (before the identity is wiped) a one-click unsubscribe
      // and a PATCH of the same reader arrive: the account is still live, so both write.
      const window = jest.spyOn(settings, 'eraseAccountData').mockImplementation(async (userId) => {
        await step(userId);
        if (userId !== reader.id) return;
        await unsubscribeAsJson(reader);
        await t
          .http()
          .patch('/api/v1/me/notifications')
          .set(reader.auth)
          .send({ moderation: false })
          .expect(200, { replies: false, moderation: false });
        expect(await storedPreferences(reader)).toBe(1);
      });
      try {
        await eraseAccount(reader);
      } finally {
        window.mockRestore();
      }
      expect(await storedPreferences(reader)).toBe(0);
      await unsubscribeAsJson(reader);
      // A change that reaches the store after the wipe (its token checked just before) writes
      // nothing and is refused as a login that is no more.
      await expect(settings.update(reader.id, { replies: true })).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(await storedPreferences(reader)).toBe(0);
    });
  });
});
