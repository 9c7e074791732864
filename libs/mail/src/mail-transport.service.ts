import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { PermanentDeliveryError } from '@parley/outbox';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { RenderedMail } from './mail-templates.service';

export interface OutgoingMail extends RenderedMail {
  /** Stable id of the message (the outbox row's), used as Message-ID and in logs. */
  id: string;
  to: string;
  headers?: Record<string, string>;
}

/**
 * Sends mail over SMTP (SMTP_URL), or, with nothing configured, writes each message as an .eml
 * file under DATA_DIR/mail/ (mode 0600), so that development needs no mail server. Logs carry the
 * message id only, never addresses or content.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger(MailTransport.name);
  /** Made at the first mail: nodemailer stays unloaded in an instance that never sends one. */
  private transporter?: Promise<Transporter>;
  private readonly folder: string | null;

  constructor(private readonly config: AppConfig) {
    this.folder = config.values.SMTP_URL ? null : join(config.values.DATA_DIR, 'mail');
  }

  async send(mail: OutgoingMail): Promise<void> {
    const domain = /@([^>\s]+)>?$/.exec(this.config.values.MAIL_FROM)?.[1] ?? 'parley.invalid';
    let info: { message?: unknown };
    try {
      const transporter = await (this.transporter ??= this.createTransporter());
      info = await transporter.sendMail({
        from: this.config.values.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: `<${mail.id}@${domain}>`,
      });
    } catch (error) {
      throw classify(error as Error & { responseCode?: number });
    }
    if (this.folder) {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const file = join(
        this.folder,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`,
      );
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      this.logger.log(`Mail ${mail.id} written to ${file}`);
    } else {
      this.logger.log(`Mail ${mail.id} sent`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    (await this.transporter?.catch(() => undefined))?.close();
  }

  private async createTransporter(): Promise<Transporter> {
    const { default: nodemailer } = await import('nodemailer');
    const { SMTP_URL } = this.config.values;
    return SMTP_URL
      ? nodemailer.createTransport({
          url: SMTP_URL,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });
  }
}

/** An SMTP 5xx answer is final; anything else (4xx, a timeout, a refused connection) may pass later. */
function classify(error: Error & { responseCode?: number }): Error {
  const code = error.responseCode;
  const reason = code
    ? `SMTP ${code}`
    : `${(error as { code?: string }).code ?? 'error'}: ${error.message}`;
  if (code && code >= 500) return new PermanentDeliveryError(reason);
  return new Error(reason);
}
