import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
  /** The message exactly as received (headers and every part). */
  raw: string;
}

/**
 * A real SMTP server in the test process (smtp-server, parsed with mailparser). `refuseNext(address, n)`
 * answers the next n messages to that address with a temporary failure (451), as a busy mail server would, or
 * with the code given.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly refusals = new Map<string, { count: number; code: number }>();
  private server: SMTPServer | undefined;
  private waiters: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const refusal = session.envelope.rcptTo
            .map((rcpt) => this.refusals.get(rcpt.address.toLowerCase()))
            .find((entry) => entry !== undefined && entry.count > 0);
          if (refusal) {
            refusal.count -= 1;
            const error = Object.assign(new Error('Refused by the test server'), {
              responseCode: refusal.code,
            });
            return callback(error);
          }
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          simpleParser(raw).then(
            (parsed) => {
              this.received.push({ to, parsed, raw: raw.toString('utf8') });
              for (const wake of this.waiters.splice(0)) wake();
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /**
   * Refuses the next `count` messages to this address: 451 (try later) by default, or a final
   * 5xx. Per address, so that other specs' mail still queued in the database cannot use them up.
   */
  refuseNext(address: string, count: number, code = 451): void {
    this.refusals.set(address.toLowerCase(), { count, code });
  }

  /** Mail received for this address so far. */
  to(address: string): ReceivedMail[] {
    const wanted = address.toLowerCase();
    return this.received.filter((mail) => mail.to.some((to) => to.toLowerCase() === wanted));
  }

  /** Waits until `count` messages for the address have arrived (rejects after `timeoutMs`). */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`expected ${count} mail(s) for ${address}, got ${this.to(address).length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.to(address);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/** The `token` query parameter of the first link in a mail's text that contains `path`. */
export function linkToken(mail: ReceivedMail, path: string): string {
  const text = mail.parsed.text ?? '';
  const link = text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(path));
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no ${path} link with a token in the mail`);
  return token;
}
