import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from './webhook-sender.service';

describe(WebhookSender.name, () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let answer: (res: import('node:http').ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ host: req.headers.host, headers: req.headers, body });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const sender = new WebhookSender();
  const target = (host: string) => ({
    url: new URL(`http://${host}:${port}/hooks?x=1`),
    address: '127.0.0.1',
    family: 4 as const,
  });

  it('connects to the checked address, never resolving the name again', async () => {
    answer = (res) => res.writeHead(204).end();
    // The name does not resolve at all: only the pinned address can reach the server.
    const status = await sender.post(
      target('rebound.invalid'),
      { 'webhook-id': 'evt_1' },
      '{"a":1}',
      AbortSignal.timeout(5_000),
    );
    expect(status).toBe(204);
    expect(seen.at(-1)).toMatchObject({
      host: `rebound.invalid:${port}`,
      body: '{"a":1}',
      headers: { 'webhook-id': 'evt_1', 'content-length': '7' },
    });
  });

  it('does not follow redirects: a 3xx is the answer', async () => {
    answer = (res) => res.writeHead(307, { location: 'http://169.254.169.254/' }).end();
    const before = seen.length;
    expect(await sender.post(target('a.invalid'), {}, '{}', AbortSignal.timeout(5_000))).toBe(307);
    expect(seen.length).toBe(before + 1);
  });

  it('gives up when the signal aborts (a receiver that never answers)', async () => {
    answer = () => undefined;
    const started = Date.now();
    await expect(
      sender.post(target('a.invalid'), {}, '{}', AbortSignal.timeout(300)),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
