import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

export interface SseEvent {
  id: string;
  event: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  pings: number;
  /** Raw JSON body when the answer is not a stream (an error). */
  body: string;
  ended: Promise<void>;
  /** Resolves once `count` events of this stream have arrived (all of them so far). */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
  /** The request, for pausing its socket (a slow reader). */
  response: http.IncomingMessage;
}

/** The port of an app that listens (specs call app.listen(0)). */
export function portOf(app: INestApplication): number {
  return ((app.getHttpServer() as http.Server).address() as AddressInfo).port;
}

/** Opens GET /articles/:id/stream with node's http and parses events as they arrive. */
export function openStream(
  port: number,
  articleId: string,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/v1/articles/${encodeURIComponent(articleId)}/stream`,
        headers,
        agent: false,
      },
      (res) => {
        const events: SseEvent[] = [];
        const waiters: { count: number; resolve: () => void }[] = [];
        let buffer = '';
        let endResolve: () => void = () => undefined;
        const ended = new Promise<void>((done) => (endResolve = done));
        const stream: SseStream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          pings: 0,
          body: '',
          ended,
          response: res,
          waitFor: (count, timeoutMs = 5000) =>
            new Promise((done, fail) => {
              if (events.length >= count) return done(events.slice());
              const timer = setTimeout(
                () =>
                  fail(
                    new Error(
                      `waited for ${count} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.event))}`,
                    ),
                  ),
                timeoutMs,
              );
              waiters.push({
                count,
                resolve: () => {
                  clearTimeout(timer);
                  done(events.slice());
                },
              });
            }),
          close: () => {
            req.destroy();
          },
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (!String(res.headers['content-type']).startsWith('text/event-stream')) {
            stream.body += chunk;
            return;
          }
          buffer += chunk;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            if (block.startsWith(': ping')) {
              stream.pings += 1;
              continue;
            }
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              const colon = line.indexOf(': ');
              if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
            }
            if (!fields.has('event')) continue;
            events.push({
              id: fields.get('id') ?? '',
              event: fields.get('event') as string,
              data: JSON.parse(fields.get('data') ?? 'null'),
            });
          }
          for (const waiter of waiters.filter((w) => events.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        });
        res.on('end', endResolve);
        res.on('close', endResolve);
        res.on('error', endResolve);
        resolve(stream);
      },
    );
    req.on('error', reject);
  });
}
