import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitUntil } from '../support/poll';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer with this status, or never answer. */
export type Behaviour = number | 'hang';

/**
 * A publisher's webhook endpoint on 127.0.0.1 (specs set WEBHOOK_ALLOW_PRIVATE_TARGETS=true): it
 * keeps every request, answers the queued behaviours in order, then `otherwise` (200).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly queue: Behaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  otherwise: Behaviour = 200;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        const behaviour = this.queue.shift() ?? this.otherwise;
        if (behaviour === 'hang') this.hanging.add(res);
        else res.writeHead(behaviour).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks`;
  }

  answer(...behaviours: Behaviour[]): void {
    this.queue.push(...behaviours);
  }

  /** The requests whose event is of this type and carries these data fields. */
  events(type?: string, data: Record<string, unknown> = {}): (Received & { event: Event })[] {
    return this.received
      .map((received) => ({ ...received, event: JSON.parse(received.body) as Event }))
      .filter(
        ({ event }) =>
          (type === undefined || event.type === type) &&
          Object.entries(data).every(([key, value]) => event.data[key] === value),
      );
  }

  async waitFor(type: string, data: Record<string, unknown> = {}, count = 1, ms = 20_000) {
    await waitUntil(async () => this.events(type, data).length >= count, ms);
    return this.events(type, data);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export interface Event {
  type: string;
  id: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** Verifies a request as a publisher would, with the standardwebhooks library; throws if forged. */
export function verify(secret: string, received: Received): Event {
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
      name,
      String(received.headers[name]),
    ]),
  );
  return new Webhook(secret).verify(received.body, headers) as Event;
}
