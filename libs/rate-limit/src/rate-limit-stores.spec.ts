import { randomUUID } from 'node:crypto';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['MemoryRateLimitStore', () => new MemoryRateLimitStore()],
  // A random prefix per run, so that runs sharing the machine's Redis never count each other.
  ['RedisRateLimitStore', () => new RedisRateLimitStore(REDIS_URL, `parley-test:${randomUUID()}:`)],
])('%s', (_name, create: () => RateLimitStore) => {
  let store: RateLimitStore;
  beforeEach(() => {
    store = create();
  });
  afterEach(() => store.close());

  it('counts hits per key within the window', async () => {
    expect((await store.hit('a', 60_000)).count).toBe(1);
    expect((await store.hit('a', 60_000)).count).toBe(2);
    expect((await store.hit('b', 60_000)).count).toBe(1);
    const third = await store.hit('a', 60_000);
    expect(third.count).toBe(3);
    expect(third.resetInMs).toBeGreaterThan(0);
    expect(third.resetInMs).toBeLessThanOrEqual(60_000);
  });

  it('reads the count with 0 and takes a hit back with -1, in the same window', async () => {
    expect((await store.hit('r', 60_000, 0)).count).toBe(0);
    await store.hit('r', 60_000);
    await store.hit('r', 60_000);
    expect((await store.hit('r', 60_000, -1)).count).toBe(1);
    const read = await store.hit('r', 60_000, 0);
    expect(read.count).toBe(1);
    expect(read.resetInMs).toBeGreaterThan(0);
    expect(read.resetInMs).toBeLessThanOrEqual(60_000);
  });

  it('starts a new window once the old one has ended', async () => {
    await store.hit('short', 50);
    await store.hit('short', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await store.hit('short', 50)).count).toBe(1);
  });

  it('counts concurrent hits exactly', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.hit('burst', 60_000)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });
});

describe('RedisRateLimitStore shared by two clients', () => {
  it('counts the hits of both in one window', async () => {
    const prefix = `parley-test:${randomUUID()}:`;
    const [a, b] = [
      new RedisRateLimitStore(REDIS_URL, prefix),
      new RedisRateLimitStore(REDIS_URL, prefix),
    ];
    try {
      await a.hit('k', 60_000);
      await b.hit('k', 60_000);
      expect((await a.hit('k', 60_000)).count).toBe(3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
