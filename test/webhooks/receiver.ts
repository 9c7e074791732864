import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitUntil } from '../support/poll';

/** One request the receiver got. */
export interface Received {
  /** The request's path: `/hooks`, or below it (`/hooks/slow`). */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer with this status, or never answer. */
export type Behaviour = number | 'hang';

/**
 * A publisher's webhook endpoint on 127.0.0.1 (specs set WEBHOOK_ALLOW_PRIVATE_TARGETS=true): it
 * keeps every request, answers the queued behaviours in order, then `otherwise` (200). A path in
 * `paths` always gets its own behaviour instead (several endpoints on one receiver).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly paths = new Map<string, Behaviour>();
  private readonly queue: Behaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  otherwise: Behaviour = 200;
  /** The most requests left unanswered at once (until the sender gave up on them). */
  peakHanging = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        this.received.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        const behaviour = this.paths.get(path) ?? this.queue.shift() ?? this.otherwise;
        if (behaviour !== 'hang') {
          res.writeHead(behaviour).end('ok');
          return;
        }
        this.hanging.add(res);
        this.peakHanging = Math.max(this.peakHanging, this.hanging.size);
        res.on('close', () => this.hanging.delete(res));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks`;
  }

  /** The requests to this path. */
  at(path: string): Received[] {
    return this.received.filter((received) => received.path === path);
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

  /** Ends the requests left hanging and stops listening (once; a second call does nothing). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const res of this.hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
