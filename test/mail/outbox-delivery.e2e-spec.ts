import { PrismaService } from '@parley/database';
import { OutboxStore } from '@parley/outbox';
import { randomUUID } from 'node:crypto';
import { TestSmtpServer } from '@parley/testing';
import { registerAccount, TestAccount, uniqueEmail } from '../support/accounts';
import { createMailTestApp } from '../support/mail';
import { createTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/poll';

/** The outbox row of an account's verification mail. */
async function verificationRow(t: TestApp, account: TestAccount) {
  return t.app.get(PrismaService).outboxMessage.findFirstOrThrow({
    where: { userId: account.id, kind: 'verify-email' },
  });
}

jest.setTimeout(60_000);

describe('outbox delivery', () => {
  it('retries after the SMTP server answers 4xx, then marks the message sent without its link', async () => {
    const { t, smtp } = await createMailTestApp();
    try {
      const email = uniqueEmail('busy');
      smtp.refuseNext(email, 2);
      const account = await registerAccount(t, { email }, { verified: false });
      const [mail] = await smtp.waitFor(account.email, 1, 30_000);
      expect(mail.parsed.subject).toBe('Confirm your email address');
      await waitUntil(async () => (await verificationRow(t, account)).state === 'sent');
      const row = await verificationRow(t, account);
      expect(row).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
      expect(JSON.stringify(row.payload)).not.toContain('token');
      expect(row.payload).toEqual({ to: account.email, vars: { displayName: 'Test Reader' } });
      expect(smtp.to(account.email)).toHaveLength(1);
    } finally {
      await t.close();
    }
  }, 40_000);

  it('gives a message up at once on a 5xx answer, keeping the code', async () => {
    const { t, smtp } = await createMailTestApp();
    try {
      const email = uniqueEmail('refused');
      smtp.refuseNext(email, 1, 550);
      const account = await registerAccount(t, { email }, { verified: false });
      await waitUntil(async () => (await verificationRow(t, account)).state === 'failed');
      const row = await verificationRow(t, account);
      expect(row).toMatchObject({ attempts: 1, lastError: 'SMTP 550' });
      expect(JSON.stringify(row.payload)).not.toContain('token');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.to(account.email)).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('keeps mail queued across a restart: a new instance sends it once', async () => {
    const smtp = new TestSmtpServer();
    const url = await smtp.start();
    const env = { SMTP_URL: url, OUTBOX_POLL_INTERVAL_MS: '50' };
    const first = await createTestApp({ ...env, OUTBOX_WORKER: 'false' });
    let account: TestAccount;
    try {
      account = await registerAccount(first, {}, { verified: false });
    } finally {
      await first.close();
    }
    expect(smtp.to(account.email)).toHaveLength(0);
    const second = await createTestApp(env);
    try {
      await smtp.waitFor(account.email);
      await waitUntil(async () => (await verificationRow(second, account)).state === 'sent');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.to(account.email)).toHaveLength(1);
    } finally {
      await second.close();
      await smtp.stop();
    }
  }, 30_000);

  it('sends a message again when the worker holding it died before finishing (its lease ends)', async () => {
    const smtp = new TestSmtpServer();
    const env = { SMTP_URL: await smtp.start(), OUTBOX_POLL_INTERVAL_MS: '50' };
    const first = await createTestApp({ ...env, OUTBOX_WORKER: 'false' });
    let account: TestAccount;
    try {
      account = await registerAccount(first, {}, { verified: false });
      // A worker claims the message for one second and dies: nothing marks it sent or failed.
      const claimed = await first.app.get(OutboxStore).claim(randomUUID(), ['mail'], 1000, 1);
      expect(claimed.map((message) => message.userId)).toContain(account.id);
    } finally {
      await first.close();
    }
    const next = await createTestApp(env);
    try {
      await smtp.waitFor(account.email, 1, 20_000);
      await waitUntil(async () => (await verificationRow(next, account)).state === 'sent');
      expect((await verificationRow(next, account)).attempts).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.to(account.email)).toHaveLength(1);
    } finally {
      await next.close();
      await smtp.stop();
    }
  });

  it('sends each message once when two instances work the same queue', async () => {
    const smtp = new TestSmtpServer();
    const url = await smtp.start();
    const env = { SMTP_URL: url, OUTBOX_POLL_INTERVAL_MS: '20' };
    const queuer = await createTestApp({ ...env, OUTBOX_WORKER: 'false' });
    const accounts: TestAccount[] = [];
    try {
      for (let i = 0; i < 30; i += 1)
        accounts.push(await registerAccount(queuer, {}, { verified: false }));
    } finally {
      await queuer.close();
    }
    const [a, b] = await Promise.all([createTestApp(env), createTestApp(env)]);
    try {
      for (const account of accounts) await smtp.waitFor(account.email, 1, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = accounts
        .flatMap((account) => smtp.to(account.email))
        .map((m) => m.parsed.messageId);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await smtp.stop();
    }
  }, 60_000);
});
