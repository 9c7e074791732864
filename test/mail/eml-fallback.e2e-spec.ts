import { PrismaService } from '@parley/database';
import { simpleParser } from 'mailparser';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerAccount } from '../support/accounts';
import { captureStdout } from '../support/capture-stdout';
import { createTestApp } from '../support/test-app';
import { waitUntil } from '../support/poll';

jest.setTimeout(60_000);

// Its own file: the log capture must be in place when the process builds its first logger.
describe('mail without SMTP_URL', () => {
  it('writes each message as an .eml file (0600) under DATA_DIR/mail/ without SMTP_URL, logging its id only', async () => {
    const dataDir = join(tmpdir(), `parley-eml-${process.pid}-${Date.now()}`);
    const capture = captureStdout();
    const t = await createTestApp({
      DATA_DIR: dataDir,
      OUTBOX_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'info',
    });
    try {
      const account = await registerAccount(t, {}, { verified: false });
      const folder = join(dataDir, 'mail');
      const row = await t.app
        .get(PrismaService)
        .outboxMessage.findFirstOrThrow({ where: { userId: account.id, kind: 'verify-email' } });
      // Its file is named by the message's id (mail left queued by earlier specs on this
      // worker's database may be written beside it).
      const fileOf = () =>
        existsSync(folder) ? readdirSync(folder).find((name) => name.includes(row.id)) : undefined;
      await waitUntil(async () => fileOf() !== undefined);
      const file = fileOf()!;
      expect(statSync(join(folder, file)).mode & 0o777).toBe(0o600);
      const eml = await simpleParser(readFileSync(join(folder, file)));
      expect(eml.to && 'text' in eml.to ? eml.to.text : '').toBe(account.email);
      expect(eml.subject).toBe('Confirm your email address');
      expect(eml.text).toMatch(/verify-email\?token=[\w-]{43}/);
      expect(eml.html).toMatch(/verify-email\?token=[\w-]{43}/);
      expect(`${eml.text}${eml.html}`).not.toContain(account.password);
      await waitUntil(
        async () =>
          (
            await t.app.get(PrismaService).outboxMessage.findFirstOrThrow({
              where: { userId: account.id, kind: 'verify-email' },
            })
          ).state === 'sent',
      );
      const logged = capture.text();
      expect(logged).toContain(row.id);
      expect(logged).not.toContain(account.email);
      expect(logged).not.toContain('token=');
    } finally {
      await t.close();
      capture.restore();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
