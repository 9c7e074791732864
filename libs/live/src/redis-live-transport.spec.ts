import { CuttableTcpProxy, until } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { CHANNEL, RedisLiveTransport } from './redis-live-transport';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisLiveTransport.watch across a reconnection', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  beforeEach(() => (unhandled.length = 0));

  it("hears other instances' events again once Redis is back, after waking every article", async () => {
    const target = new URL(REDIS_URL);
    const proxy = new CuttableTcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const watcher = new RedisLiveTransport(proxy.route(REDIS_URL), 60);
    const other = new RedisLiveTransport(REDIS_URL, 60);
    const woken: (string | null)[] = [];
    try {
      await watcher.watch((articleId) => woken.push(articleId));
      const before = `article-${randomUUID()}`;
      await other.append(before, [{ event: 'comment.created', data: { n: 1 } }]);
      await until('the first event is heard', () => woken.includes(before));

      await proxy.cut();
      await proxy.restore();
      await until('every article is woken', () => woken.includes(null));
      const after = `article-${randomUUID()}`;
      await other.append(after, [{ event: 'comment.created', data: { n: 2 } }]);
      await until('an event after the reconnection is heard', () => woken.includes(after));
      expect(unhandled).toEqual([]);
    } finally {
      await Promise.all([watcher.close(), other.close()]);
      await proxy.stop();
    }
  });

  it('survives a Redis that answers the new subscription after the command timeout', async () => {
    // What a loaded Redis does: the reconnection's first SUBSCRIBE is answered past the 250 ms
    // command timeout. ioredis's own re-subscription left that rejection unhandled, which ends a
    // process.
    const redis = new SlowResubscribeRedis();
    await redis.start();
    const watcher = new RedisLiveTransport(`redis://127.0.0.1:${redis.port}`, 60);
    const woken: (string | null)[] = [];
    try {
      await watcher.watch((articleId) => woken.push(articleId));
      redis.dropConnections();
      await until('every article is woken', () => woken.includes(null));
      expect(redis.lateSubscribes).toBe(1);
      redis.publish('article-after');
      await until('a message after the reconnection is heard', () =>
        woken.includes('article-after'),
      );
      expect(unhandled).toEqual([]);
    } finally {
      await watcher.close();
      await redis.stop();
    }
  });
});

const LATE_MS = 600;

/**
 * Just enough of the Redis protocol for a subscriber (INFO, CLIENT, SUBSCRIBE), answering in
 * order as Redis does. Once a SUBSCRIBE has been answered, the first one on every later connection
 * is answered LATE_MS late, and so is everything after it on that connection.
 */
class SlowResubscribeRedis {
  port = 0;
  lateSubscribes = 0;
  private readonly server = net.createServer((socket) => this.serve(socket));
  private readonly sockets = new Set<net.Socket>();
  /** Connections that have sent SUBSCRIBE: only they may receive a message, as in Redis. */
  private readonly subscribers = new Set<net.Socket>();
  private subscribed = false;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  publish(message: string): void {
    for (const socket of this.subscribers) socket.write(array(['message', CHANNEL, message]));
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    let subscribeSeen = false;
    let pending = '';
    let replies = Promise.resolve();
    const reply = (text: string, lateMs = 0) => {
      replies = replies
        .then(() => new Promise((resolve) => setTimeout(resolve, lateMs)))
        .then(() => void (socket.destroyed || socket.write(text)));
    };
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.subscribers.delete(socket);
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      for (let parsed = parseCommand(pending); parsed; parsed = parseCommand(pending)) {
        pending = pending.slice(parsed.length);
        const [name = '', ...args] = parsed.command;
        switch (name.toUpperCase()) {
          case 'INFO':
            reply(bulk('loading:0\r\n'));
            break;
          case 'SUBSCRIBE': {
            const late = this.subscribed && !subscribeSeen;
            if (late) this.lateSubscribes += 1;
            subscribeSeen = true;
            this.subscribed = true;
            this.subscribers.add(socket);
            reply(array(['subscribe', args[0], 1]), late ? LATE_MS : 0);
            break;
          }
          default:
            reply('+OK\r\n');
        }
      }
    });
  }
}

/** One command (an array of bulk strings) from the start of `text`, or null while incomplete. */
function parseCommand(text: string): { command: string[]; length: number } | null {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return null;
  let offset = header[0].length;
  const command: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const size = /^\$(\d+)\r\n/.exec(text.slice(offset));
    if (!size) return null;
    const start = offset + size[0].length;
    const end = start + Number(size[1]);
    if (text.length < end + 2) return null;
    command.push(text.slice(start, end));
    offset = end + 2;
  }
  return { command, length: offset };
}

function bulk(value: string): string {
  return `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
}

function array(items: (string | number)[]): string {
  return `*${items.length}\r\n${items.map((i) => (typeof i === 'number' ? `:${i}\r\n` : bulk(i))).join('')}`;
}
