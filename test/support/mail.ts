import { PrismaService } from '@parley/database';
import { TestSmtpServer } from '@parley/testing';
import { registerAccount, TestAccount } from './accounts';
import { createTestApp, TestApp } from './test-app';

/**
 * An app that sends its mail to a real SMTP server in this process, polling the outbox often.
 * Closing the app stops its SMTP server too.
 */
export async function createMailTestApp(
  env: Record<string, string | undefined> = {},
): Promise<{ t: TestApp; smtp: TestSmtpServer }> {
  const smtp = new TestSmtpServer();
  const url = await smtp.start();
  const t = await createTestApp({
    SMTP_URL: url,
    MAIL_FROM: 'Parley News <comments@news.example>',
    PUBLIC_APP_URL: 'https://news.example/',
    PUBLIC_API_URL: 'https://api.news.example/',
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_RETRY_BASE_SECONDS: '1',
    ...env,
  });
  const close = async () => {
    await t.close();
    await smtp.stop();
  };
  return { t: { ...t, close }, smtp };
}

/** Gives a reader the right to post (a complimentary grant, as an admin would). */
export async function grantPosting(
  t: TestApp,
  admin: TestAccount,
  reader: TestAccount,
): Promise<void> {
  await t
    .http()
    .put(`/api/v1/admin/users/${reader.id}/complimentary`)
    .set(admin.auth)
    .send({})
    .expect(200);
}

/** Registers a reader (see registerAccount) who may post, as grantPosting makes them. */
export async function registerPostingReader(
  t: TestApp,
  admin: TestAccount,
  overrides: Parameters<typeof registerAccount>[1] = {},
  options: Parameters<typeof registerAccount>[2] = {},
): Promise<TestAccount> {
  const reader = await registerAccount(t, overrides, options);
  await grantPosting(t, admin, reader);
  return reader;
}

/**
 * Resolves once the outbox holds nothing pending for `addresses` (password-reset requests for
 * them, then the mail they queue): whatever the app was going to send them has been sent, so a
 * count of their mail is final. Scoped to the addresses because other specs share the database,
 * and their pending messages (a webhook retry due later, say) are none of this one's business.
 */
export async function outboxDrained(
  t: TestApp,
  addresses: string[],
  timeoutMs = 15_000,
): Promise<void> {
  const prisma = t.app.get(PrismaService);
  const normalized = addresses.map((address) => address.trim().toLowerCase());
  const pending = async () => {
    const [{ n }] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox_messages
      WHERE state = 'pending'
        AND (lower(payload->>'to') = ANY(${normalized})
          OR lower(payload->'secret'->>'email') = ANY(${normalized}))`;
    return n;
  };
  const deadline = Date.now() + timeoutMs;
  while ((await pending()) > 0) {
    if (Date.now() > deadline)
      throw new Error(`the outbox still holds pending messages for ${addresses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
